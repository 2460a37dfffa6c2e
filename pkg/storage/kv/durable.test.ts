import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import * as klog from '../../klog/klog.js';
import { runStorageConformance } from '../testing/conformance.js';
import { openDurableKV, type DurableKV } from './durable.js';
import { DataDirInUseError } from './lock-file.js';
import { runKVConformance } from './testing/conformance.js';
import { bytes, collectEvents, text } from './testing/helpers.js';
import type { KV } from './types.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hk-durable-'));
  dirs.push(dir);
  return dir;
}
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

const watcherCount = async (kv: KV) => (kv as DurableKV).watcherCount;
runKVConformance('durable', async () => openDurableKV({ dataDir: await tempDir() }), { watcherCount });
// Snapshots every few KiB: the suite then also runs across rotations and background snapshots.
runKVConformance(
  'durable with constant snapshots',
  async () => openDurableKV({ dataDir: await tempDir(), snapshotAfterBytes: 2048 }),
  {
    watcherCount,
    manyWatchers: 100,
  },
);
runStorageConformance('durable KV', async () => openDurableKV({ dataDir: await tempDir(), snapshotAfterBytes: 4096 }));

describe('durable KV', () => {
  const open: DurableKV[] = [];
  const logged: string[] = [];
  afterEach(async () => {
    await Promise.all(open.splice(0).map((kv) => kv.close()));
    klog.configure({ write: (line) => process.stderr.write(line) });
    logged.length = 0;
  });
  async function openKV(dataDir: string, snapshotAfterBytes?: number): Promise<DurableKV> {
    const kv = await openDurableKV({ dataDir, snapshotAfterBytes });
    open.push(kv);
    return kv;
  }
  async function reopen(kv: DurableKV, dataDir: string, snapshotAfterBytes?: number): Promise<DurableKV> {
    await kv.close();
    open.splice(open.indexOf(kv), 1);
    return openKV(dataDir, snapshotAfterBytes);
  }
  function captureLogs(): void {
    klog.configure({ write: (line) => void logged.push(line) });
  }

  it('keeps data, revisions, history and the compacted revision across a restart', async () => {
    const dir = await tempDir();
    let kv = await openKV(dir);
    const { revision: r1 } = await kv.create('/a', bytes('1'));
    const { revision: r2 } = await kv.update('/a', bytes('2'), r1);
    await kv.create('/b', bytes('b'));
    const { revision: r4 } = await kv.delete('/b');
    await kv.compact(r2);
    kv = await reopen(kv, dir);
    expect(await kv.currentRevision()).toBe(r4);
    expect(await kv.compactedRevision()).toBe(r2);
    expect(text((await kv.get('/a')).kv!.value)).toBe('2');
    expect((await kv.get('/a')).kv).toMatchObject({ createRevision: r1, modRevision: r2 });
    expect((await kv.get('/b')).kv).toBeUndefined();
    await expect(kv.get('/a', { revision: r1 })).rejects.toMatchObject({ code: 'Compacted' });
    const events = await collectEvents(kv, '/', r2, 2);
    expect(events.map((e) => `${e.type} ${e.kv.key}`)).toEqual(['PUT /b', 'DELETE /b']);
    const { revision: r5 } = await kv.create('/c', bytes('c'));
    expect(r5).toBe(r4 + 1);
  });

  it('snapshots bound the log, and a restart from snapshot plus log restores everything', async () => {
    const dir = await tempDir();
    let kv = await openKV(dir, 4096);
    let rev = 0;
    for (let i = 0; i < 200; i++)
      ({ revision: rev } = await kv.create(`/k/${String(i).padStart(3, '0')}`, bytes('x'.repeat(100))));
    await kv.compact(rev - 50);
    for (let i = 0; i < 50; i++) await kv.delete(`/k/${String(i).padStart(3, '0')}`);
    await kv.close();
    expect(kv.stats.snapshots).toBeGreaterThan(0);
    const names = await readdir(dir);
    expect(names.filter((n) => n.endsWith('.snap'))).toHaveLength(1);
    const logBytes = (
      await Promise.all(names.filter((n) => n.endsWith('.log')).map((n) => stat(path.join(dir, n))))
    ).reduce((s, f) => s + f.size, 0);
    expect(logBytes).toBeLessThan(4096 + 200);
    open.splice(open.indexOf(kv), 1);
    kv = await openKV(dir, 4096);
    expect(kv.stats.replayed).toBeGreaterThan(0);
    expect(kv.stats.replayed).toBeLessThan(150); // of 250 writes: the rest came from the snapshot
    expect((await kv.list('/k/')).kvs).toHaveLength(150);
    expect(await kv.compactedRevision()).toBe(rev - 50);
    expect((await kv.list('/k/', { revision: rev })).kvs).toHaveLength(200);
  });

  it('batches concurrent writes into shared fsyncs (group commit)', async () => {
    const kv = await openKV(await tempDir());
    await Promise.all(Array.from({ length: 64 }, (_, i) => kv.create(`/g/${i}`, bytes(String(i)))));
    expect(kv.stats.writes).toBe(64);
    expect(kv.stats.fsyncs).toBeLessThan(8);
  });

  it('drops a record torn at the end of the log with a warning', async () => {
    const dir = await tempDir();
    let kv = await openKV(dir);
    for (let i = 0; i < 5; i++) await kv.create(`/t/${i}`, bytes(`value ${i}`));
    await kv.close();
    open.splice(0);
    const log = path.join(dir, (await readdir(dir)).find((n) => n.endsWith('.log'))!);
    const full = await readFile(log);
    for (const cut of [full.length - 3, full.length - 20]) {
      await writeFile(log, full.subarray(0, cut));
      captureLogs();
      kv = await openKV(dir);
      expect((await kv.list('/t/')).kvs.map((k) => text(k.value))).toEqual([
        'value 0',
        'value 1',
        'value 2',
        'value 3',
      ]);
      expect(logged.join('')).toMatch(
        /W.*Dropping a record torn by a crash at the end of the write-ahead log.*offset=/,
      );
      // Appends continue cleanly after the truncated tail.
      const { revision } = await kv.create('/t/4', bytes('again'));
      expect(revision).toBe(6);
      await kv.close();
      open.splice(0);
      await writeFile(log, full);
    }
    // A tail of zeros (size extended, data never written) is torn as well.
    await writeFile(log, Buffer.concat([full, Buffer.alloc(100)]));
    kv = await openKV(dir);
    expect((await kv.list('/t/')).kvs).toHaveLength(5);
  });

  it('refuses to start on damage in the middle of the log, naming the file and byte offset', async () => {
    const dir = await tempDir();
    const kv = await openKV(dir);
    const offsets: number[] = [];
    for (let i = 0; i < 5; i++) {
      offsets.push(await logSize(dir));
      await kv.create(`/c/${i}`, bytes(`value ${i}`));
    }
    await kv.close();
    open.splice(0);
    const name = (await readdir(dir)).find((n) => n.endsWith('.log'))!;
    const log = path.join(dir, name);
    const data = await readFile(log);
    flip(data, offsets[2]! + 12); // a byte inside the third record
    await writeFile(log, data);
    await expect(openDurableKV({ dataDir: dir })).rejects.toThrow(
      `write-ahead log ${log} is corrupt at byte offset ${offsets[2]}: checksum mismatch; refusing to start.`,
    );
    // The failed start released the lock: after a repair the directory opens.
    flip(data, offsets[2]! + 12);
    await writeFile(log, data);
    expect((await (await openKV(dir)).list('/c/')).kvs).toHaveLength(5);
  });

  it('refuses to start on a damaged snapshot', async () => {
    const dir = await tempDir();
    const kv = await openKV(dir, 512);
    for (let i = 0; i < 40; i++) await kv.create(`/s/${i}`, bytes('y'.repeat(50)));
    await kv.close();
    open.splice(0);
    const snap = path.join(dir, (await readdir(dir)).find((n) => n.endsWith('.snap'))!);
    const data = await readFile(snap);
    flip(data, data.length - 30);
    await writeFile(snap, data);
    await expect(openDurableKV({ dataDir: dir })).rejects.toThrow(
      new RegExp(`^snapshot ${snap} is corrupt at byte offset \\d+: checksum mismatch`),
    );
  });

  it('a second open of the same directory fails fast naming the owner; a stale lock is taken over', async () => {
    const dir = await tempDir();
    const kv = await openKV(dir);
    const err = await openDurableKV({ dataDir: dir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DataDirInUseError);
    expect((err as Error).message).toBe(`data directory ${dir} is in use by process ${process.pid} (this process)`);
    await kv.close();
    open.splice(0);
    // A lock left by a process that is gone (pid far beyond pid_max).
    await writeFile(path.join(dir, 'LOCK'), '999999999 12345\n');
    captureLogs();
    const again = await openKV(dir);
    expect(logged.join('')).toContain('Removing a stale lock left by a process that is gone');
    await again.close();
  });
});

async function logSize(dir: string): Promise<number> {
  const name = (await readdir(dir)).find((n) => n.endsWith('.log'));
  return name ? (await stat(path.join(dir, name))).size : 0;
}

function flip(data: Buffer, offset: number): void {
  data.writeUInt8(data.readUInt8(offset) ^ 0xff, offset);
}
