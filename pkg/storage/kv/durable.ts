/**
 * The embedded durable KV, the default backend: the in-memory MVCC engine plus a checksummed
 * write-ahead log in a data directory (like etcd's own WAL + snapshot design).
 *
 * A write is decided in memory (compare-and-swap, revision), appended to the log and fsync'ed,
 * and only then made visible and acknowledged:
 *
 *   create/update/delete ──▶ engine decides, rev N ──▶ batch ──writev+fdatasync──▶ visible = N,
 *                                                                                 watchers told, caller resolved
 *
 * Group commit: writes that arrive while an fsync is in flight share the next one, so throughput
 * grows with concurrency instead of being one write per disk flush. Once `snapshotAfterBytes` of
 * log accumulate, the log rotates and a snapshot of the state at the rotation point is written in
 * the background; older segments and snapshots are then deleted, bounding restart time.
 * Compactions are logged too, so the compacted revision survives a restart.
 */
import { open, readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import * as klog from '../../klog/klog.js';
import { StorageError } from '../errors.js';
import { type Recovered, recover } from './durable-recovery.js';
import { engineKV, type EngineKV } from './engine-kv.js';
import { ensurePrivateDir, restrictFiles } from './file-mode.js';
import { lockDataDir } from './lock-file.js';
import { snapshotPattern, writeSnapshot } from './snapshot.js';
import type { KVEvent } from './types.js';
import { SegmentWriter, encodeCompaction, encodeEvent, segmentName, segmentPattern } from './wal.js';
import { WatchHub, type WatchHubOptions } from './watch-hub.js';

export interface DurableKVOptions extends WatchHubOptions {
  /** Created if missing; one process at a time (a LOCK file). */
  dataDir: string;
  /** Log bytes after which a snapshot is taken and older log segments are dropped (default 64 MiB). */
  snapshotAfterBytes?: number;
}

export interface DurableStats {
  /** Records made durable since open. */
  writes: number;
  /** fdatasync calls since open: fewer than writes when group commit batched them. */
  fsyncs: number;
  snapshots: number;
  /** Log records replayed at open, and how long opening took. */
  replayed: number;
  openMs: number;
}

export interface DurableKV extends EngineKV {
  readonly stats: Readonly<DurableStats>;
}

interface Batch {
  buffers: Buffer[];
  bytes: number;
  events: KVEvent[];
  compactions: { revision: number; resolve: () => void; reject: (err: unknown) => void }[];
  waiters: { resolve: () => void; reject: (err: unknown) => void }[];
}

const newBatch = (): Batch => ({ buffers: [], bytes: 0, events: [], compactions: [], waiters: [] });

/** Opens (recovering) or creates the store in `opts.dataDir`. Throws DataDirInUseError or Corrupt. */
export async function openDurableKV(opts: DurableKVOptions): Promise<DurableKV> {
  const started = performance.now();
  const dataDir = path.resolve(opts.dataDir);
  await ensurePrivateDir(dataDir);
  const lock = await lockDataDir(dataDir);
  let recovered: Recovered;
  let segment: SegmentWriter;
  try {
    await restrictFiles(dataDir);
    recovered = await recover(dataDir);
    segment = await SegmentWriter.open(recovered.segmentPath);
    await syncDir(dataDir);
  } catch (err) {
    await lock.release();
    throw err;
  }
  const { mvcc } = recovered;
  const hub = new WatchHub(mvcc, opts);
  const snapshotAfter = opts.snapshotAfterBytes ?? 64 * 1024 * 1024;
  const stats: DurableStats = { writes: 0, fsyncs: 0, snapshots: 0, replayed: recovered.replayed, openMs: 0 };
  let logBytes = recovered.logBytes;
  let pending = newBatch();
  let flushing: Promise<void> | undefined;
  let snapshotting: Promise<void> | undefined;
  let failure: StorageError | undefined;
  let closed = false;

  function enqueue(buffer: Buffer, event: KVEvent | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      pending.buffers.push(buffer);
      pending.bytes += buffer.length;
      if (event) pending.events.push(event);
      pending.waiters.push({ resolve, reject });
      flushing ??= flushLoop();
    });
  }

  async function flushLoop(): Promise<void> {
    await Promise.resolve(); // writers deciding in this same tick join the first batch
    let batch: Batch | undefined;
    try {
      while (pending.waiters.length > 0) {
        batch = pending;
        pending = newBatch();
        await segment.append(batch.buffers);
        stats.fsyncs++;
        stats.writes += batch.buffers.length;
        logBytes += batch.bytes;
        commit(batch);
        batch = undefined;
        if (logBytes >= snapshotAfter && !snapshotting) await rotateAndSnapshot();
      }
    } catch (err) {
      fail(err, batch);
    } finally {
      flushing = undefined;
    }
  }

  /** The batch is on disk: make it visible, tell watchers, apply compactions, resolve callers. */
  function commit(batch: Batch): void {
    const last = batch.events[batch.events.length - 1];
    if (last) {
      mvcc.visible = last.kv.modRevision;
      hub.publish(batch.events);
    }
    for (const c of batch.compactions) {
      try {
        mvcc.compact(c.revision);
        c.resolve();
      } catch (err) {
        c.reject(err); // a concurrent compaction got further first; replay skips this record the same way
      }
    }
    for (const w of batch.waiters) w.resolve();
  }

  function fail(err: unknown, batch: Batch | undefined): void {
    klog.error(err, 'Writing the write-ahead log failed; refusing further requests', { dataDir });
    failure = new StorageError(
      'Unreachable',
      dataDir,
      `writing the write-ahead log in ${dataDir} failed (${err instanceof Error ? err.message : String(err)}); restart to recover from the log`,
    );
    for (const b of [batch, pending]) {
      for (const w of b?.waiters ?? []) w.reject(failure);
      for (const c of b?.compactions ?? []) c.reject(failure);
    }
    pending = newBatch();
    hub.closeAll();
  }

  /**
   * Between flushes (nothing in flight): new records go to a fresh segment, and the state at the
   * rotation point is captured synchronously (cheap: references to immutable versions) and then
   * encoded and written in the background.
   */
  async function rotateAndSnapshot(): Promise<void> {
    const revision = mvcc.visible;
    const next = await SegmentWriter.open(path.join(dataDir, segmentName(revision + 1)));
    await syncDir(dataDir);
    const previous = segment;
    segment = next;
    await previous.close();
    logBytes = 0;
    const content = { revision, compacted: mvcc.compacted, versions: mvcc.captureVersions(revision) };
    snapshotting = (async () => {
      try {
        await writeSnapshot(dataDir, content);
        await syncDir(dataDir);
        await removeObsolete(dataDir, revision);
        stats.snapshots++;
      } catch (err) {
        klog.error(err, 'Writing a snapshot failed; keeping the whole write-ahead log', { dataDir, revision });
      } finally {
        snapshotting = undefined;
      }
    })();
  }

  const kv = engineKV(mvcc, hub, {
    commit: (event) => enqueue(encodeEvent(event), event),
    async settle() {
      // An empty record-less batch is not needed: waiting for the in-flight flushes is enough.
      while (flushing !== undefined) await flushing;
      if (failure) throw failure;
    },
    async compact(revision) {
      // Validate now so a bad request fails without a log record; applied once durable.
      if (revision <= mvcc.compacted) throw new StorageError('Compacted', '', undefined, mvcc.compacted);
      if (revision > mvcc.visible) {
        throw new StorageError(
          'ResourceVersionTooLarge',
          '',
          `required revision ${revision} is a future revision (current: ${mvcc.visible})`,
          revision,
        );
      }
      await new Promise<void>((resolve, reject) => {
        pending.compactions.push({ revision, resolve, reject });
        enqueue(encodeCompaction(revision), undefined).catch(reject);
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      while (flushing !== undefined) await flushing;
      while (snapshotting !== undefined) await snapshotting;
      hub.closeAll();
      await segment.close();
      await lock.release();
    },
    check(key) {
      if (failure) throw failure;
      if (closed) throw new StorageError('Unreachable', key, 'storage is closed');
    },
  });
  stats.openMs = performance.now() - started;
  return Object.assign(kv, { stats });
}

/** Deletes log segments wholly at or before `revision` and snapshots older than it. */
async function removeObsolete(dataDir: string, revision: number): Promise<void> {
  const names = await readdir(dataDir);
  const doomed = names.filter((n) => {
    const seg = segmentPattern.exec(n);
    if (seg) return Number(seg[1]) <= revision;
    const snap = snapshotPattern.exec(n);
    return snap !== null && Number(snap[1]) < revision;
  });
  await Promise.all(doomed.map((n) => unlink(path.join(dataDir, n))));
}

/** fsync a directory so a created, renamed or deleted entry survives a power cut. */
async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
