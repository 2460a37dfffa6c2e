import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sleep, untilAborted } from './wait.js';

describe('untilAborted', () => {
  it('resolves at once for a signal that already aborted', async () => {
    await expect(untilAborted(AbortSignal.abort())).resolves.toBeUndefined();
  });

  it('resolves when the signal aborts, not before', async () => {
    const controller = new AbortController();
    let done = false;
    const waiting = untilAborted(controller.signal).then(() => (done = true));
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(done).toBe(false);
    controller.abort();
    await waiting;
    expect(done).toBe(true);
  });

  it('keeps a process with nothing else to do alive until the abort', async () => {
    // Only a signal listener would abort here, and listeners do not hold the event loop open:
    // without the keep-alive Node would exit with code 13 (unsettled top-level await).
    const dir = mkdtempSync(path.join(tmpdir(), 'wait-test-'));
    try {
      const entry = path.join(dir, 'entry.ts');
      writeFileSync(
        entry,
        `import { untilAborted } from ${JSON.stringify(fileURLToPath(new URL('./wait.ts', import.meta.url)))};\n` +
          `const c = new AbortController();\nprocess.on('SIGUSR2', () => c.abort());\n` +
          `setImmediate(() => process.kill(process.pid, 'SIGUSR2'));\n` +
          `await untilAborted(c.signal);\nconsole.log('stopped');\n`,
      );
      const out = path.join(dir, 'entry.mjs');
      await build({
        entryPoints: [entry],
        outfile: out,
        bundle: true,
        platform: 'node',
        format: 'esm',
        logLevel: 'warning',
      });
      const result = spawnSync(process.execPath, [out], { encoding: 'utf8', timeout: 10_000 });
      expect(result.status).toBe(0);
      expect(result.stdout).toBe('stopped\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('sleep', () => {
  it('resolves true once the time has passed', async () => {
    await expect(sleep(5, new AbortController().signal)).resolves.toBe(true);
  });

  it('resolves false at once for a signal that already aborted', async () => {
    await expect(sleep(60_000, AbortSignal.abort())).resolves.toBe(false);
  });

  it('resolves false as soon as the signal aborts, long before the time is up', async () => {
    const controller = new AbortController();
    const started = Date.now();
    const waiting = sleep(60_000, controller.signal);
    setTimeout(() => controller.abort(), 10);
    await expect(waiting).resolves.toBe(false);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
