/**
 * setupSignalHandler owns process-wide signal handlers and may exit the process, so it is tested
 * in child processes: the fixture test/fixtures/signal-handler-child.ts, bundled here by esbuild.
 */
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { killAll, repoRoot, startBundle } from '../../test/e2e/support/bundle.js';

let dir: string;
let child: string;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'signal-test-'));
  child = path.join(dir, 'signal-handler-child.mjs');
  await build({
    absWorkingDir: repoRoot,
    entryPoints: ['test/fixtures/signal-handler-child.ts'],
    outfile: child,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'warning',
  });
});
afterEach(() => killAll());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('setupSignalHandler', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    'aborts the signal on the first %s and lets the process stop cleanly',
    async (sig) => {
      const p = startBundle(child, ['stop-at-once']);
      await p.waitForLine('ready', { stream: 'stdout' });
      p.signal(sig);
      const result = await p.waitForExit();
      expect(result).toMatchObject({ code: 0, signal: null, stderr: '' });
      expect(result.stdout).toBe(`ready\naborted: received signal ${sig}\n`);
    },
  );

  it.each([
    ['SIGTERM', 'SIGTERM'],
    ['SIGTERM', 'SIGINT'],
    ['SIGINT', 'SIGINT'],
  ] as const)('exits 1 at once on a second signal (%s then %s) while still stopping', async (first, second) => {
    const p = startBundle(child, ['stop-slowly']);
    await p.waitForLine('ready', { stream: 'stdout' });
    p.signal(first);
    await p.waitForLine('stopping slowly', { stream: 'stdout' });
    const sent = Date.now();
    p.signal(second);
    const result = await p.waitForExit();
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`received second signal ${second}, exiting immediately\n`);
    // "At once": well before the child's own 20 s keep-alive would have ended it.
    expect(Date.now() - sent).toBeLessThan(5_000);
  });

  it('throws when called a second time in the same process', async () => {
    const result = await startBundle(child, ['setup-twice']).waitForExit();
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      'second setup threw: setupSignalHandler called twice: only one signal handler may be installed per process\n',
    );
  });
});
