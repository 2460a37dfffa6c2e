import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as klog from '../../klog/klog.js';
import { openDurableKV } from './durable.js';
import { DataDirInUseError } from './lock-file.js';
import { buildCrashWriter, runCrashRound, verifyAcks } from './testing/crash-harness.js';

let work: string;
let script: string;
beforeAll(async () => {
  work = await mkdtemp(path.join(os.tmpdir(), 'hk-crash-'));
  script = await buildCrashWriter(work);
}, 30_000);
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Runs the bundled writer in a mode that prints one line, resolving with it (and the child). */
function startChild(
  mode: 'hold' | 'open',
  dataDir: string,
): Promise<{ line: string; child: ReturnType<typeof spawn> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, mode, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no output from the ${mode} child`));
    }, 10_000);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('\n')) {
        clearTimeout(timer);
        resolve({ line: out.split('\n')[0]!, child });
      }
    });
  });
}

describe('durable KV crash consistency', () => {
  it('keeps every acknowledged write through 24 SIGKILLs at random moments', async () => {
    const dataDir = path.join(work, 'crash');
    const warnings: string[] = [];
    klog.configure({ write: (line) => void warnings.push(line) });
    let checked = 0;
    let lastRevision = 0;
    for (let round = 0; round < 24; round++) {
      // A small snapshot threshold: kills also land during rotations and background snapshots.
      const { acks, startRevision } = await runCrashRound(script, dataDir, {
        lanes: 4,
        snapshotAfterBytes: 16 * 1024,
        killAfterMs: 20 + Math.floor(Math.random() * 120),
      });
      expect(startRevision).toBeGreaterThanOrEqual(lastRevision); // the previous round's acknowledged writes were there
      const kv = await openDurableKV({ dataDir });
      try {
        checked += await verifyAcks(kv, acks);
        lastRevision = Math.max(lastRevision, ...acks.map((a) => a.revision));
        expect(await kv.currentRevision()).toBeGreaterThanOrEqual(lastRevision);
        // Consistent, not just present: the state at the head lists cleanly and every lane's counter is a number.
        const counters = (await kv.list('/lane-')).kvs.filter((k) => k.key.endsWith('/counter'));
        for (const c of counters) expect(Number(new TextDecoder().decode(c.value))).toBeGreaterThan(0);
      } finally {
        await kv.close();
      }
    }
    klog.configure({ write: (line) => process.stderr.write(line) });
    expect(checked).toBeGreaterThan(200);
    // Each SIGKILL left its LOCK behind; every reopen took it over.
    expect(warnings.filter((w) => w.includes('Removing a stale lock')).length).toBeGreaterThanOrEqual(24);
  }, 60_000);

  it('a second process on the same data directory fails fast naming the owner', async () => {
    const dataDir = path.join(work, 'locked');
    const kv = await openDurableKV({ dataDir });
    try {
      const { line, child } = await startChild('open', dataDir);
      expect(line).toBe(`error data directory ${dataDir} is in use by process ${process.pid}`);
      await new Promise((r) => child.once('exit', r));
    } finally {
      await kv.close();
    }
  });

  it('a lock held by a live process is refused; once that process is killed it is taken over', async () => {
    const dataDir = path.join(work, 'held');
    const { line, child } = await startChild('hold', dataDir);
    try {
      expect(line).toMatch(/^ready /);
      const err = await openDurableKV({ dataDir }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(DataDirInUseError);
      expect((err as DataDirInUseError).pid).toBe(child.pid);
    } finally {
      child.kill('SIGKILL');
      await new Promise((r) => child.once('exit', r));
    }
    const kv = await openDurableKV({ dataDir });
    await kv.close();
  });
});
