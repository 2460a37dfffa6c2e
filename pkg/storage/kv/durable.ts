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
 * grows with concurrency instead of being one write per disk flush.
 *
 * A failed log write (a full disk, an I/O error) fails the writes of its batch, takes them back
 * from the engine and cuts them off the log; reads are served throughout. Out of space, writes
 * are refused with NoSpace until a periodic check finds room again, then resume by themselves.
 * Any other failure refuses writes until a restart recovers from the log. Once `snapshotAfterBytes` of
 * log accumulate, the log rotates and a snapshot of the state at the rotation point is written in
 * the background; older segments and snapshots are then deleted, bounding restart time.
 * Compactions are logged too, so the compacted revision survives a restart.
 */
import { open, readdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import * as klog from '../../klog/klog.js';
import { StorageError } from '../errors/errors.js';
import { type Recovered, recover } from './durable-recovery.js';
import { engineKV, type EngineKV } from './engine-kv.js';
import { ensurePrivateDir, restrictFiles } from './file-mode.js';
import { lockDataDir } from './lock-file.js';
import { snapshotPattern, writeSnapshot } from './snapshot.js';
import type { KVEvent } from './types.js';
import {
  type LogFile,
  type LogFiles,
  SegmentWriter,
  encodeCompaction,
  encodeEvent,
  nodeLogFiles,
  segmentName,
  segmentPattern,
  writeAll,
} from './wal.js';
import { WatchHub, type WatchHubOptions } from './watch-hub.js';

export interface DurableKVOptions extends WatchHubOptions {
  /** Created if missing; one process at a time (a LOCK file). */
  dataDir: string;
  /** Log bytes after which a snapshot is taken and older log segments are dropped (default 64 MiB). */
  snapshotAfterBytes?: number;
  /** While out of space: how often to check whether space came back (default 1000 ms). */
  spaceCheckIntervalMs?: number;
  /** The log's file operations (default Node's): tests inject a full disk or an I/O error here. */
  logFiles?: LogFiles;
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
  const logFiles = opts.logFiles ?? nodeLogFiles;
  await ensurePrivateDir(dataDir);
  const lock = await lockDataDir(dataDir);
  let recovered: Recovered;
  let segment: SegmentWriter;
  try {
    await restrictFiles(dataDir);
    recovered = await recover(dataDir);
    segment = await SegmentWriter.open(recovered.segmentPath, logFiles);
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
  /** Why writes are refused, while they are: out of space (heals by itself) or a log that cannot be repaired. */
  let refusal: StorageError | undefined;
  let spaceCheck: NodeJS.Timeout | undefined;
  /** Counts write failures: an outcome decided on writes that were then taken back must not be reported. */
  let failures = 0;
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
      await failWrites(err, batch);
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

  /**
   * A log write failed: refuse the writes of this batch and of the next one, take them back from
   * the engine (nobody saw them), and cut their bytes off the log so it ends at its last durable
   * record. Reads go on. Out of space, writes resume once a check finds space again (etcd raises
   * its NOSPACE alarm and keeps serving reads the same way); any other failure, or a log that
   * cannot be cut back, refuses writes until a restart recovers from the log.
   */
  async function failWrites(err: unknown, batch: Batch | undefined): Promise<void> {
    const why = err instanceof Error ? err.message : String(err);
    const outOfSpace = isOutOfSpace(err);
    refusal = outOfSpace
      ? new StorageError(
          'NoSpace',
          dataDir,
          `database space exceeded: writing the write-ahead log in ${dataDir} failed (${why}); ` +
            'writes resume by themselves once space is freed, reads are served meanwhile',
        )
      : brokenLog(why);
    failures++;
    const bytes = batch?.bytes ?? 0;
    for (const b of [batch, pending]) {
      for (const w of b?.waiters ?? []) w.reject(refusal);
      for (const c of b?.compactions ?? []) c.reject(refusal);
    }
    pending = newBatch();
    mvcc.rollback(mvcc.visible);
    klog.error(err, outOfSpace ? 'Out of space: refusing writes until space is freed' : 'Refusing writes', {
      dataDir,
      revision: mvcc.visible,
    });
    try {
      await segment.discardFailedAppend();
    } catch (cutErr) {
      klog.error(cutErr, 'Cutting a failed write off the write-ahead log failed', { dataDir });
      refusal = brokenLog(
        `${why}; then cutting it off the log failed: ${cutErr instanceof Error ? cutErr.message : String(cutErr)}`,
      );
      return;
    }
    if (outOfSpace && !closed) scheduleSpaceCheck(Math.max(bytes, minSpaceCheckBytes));
  }

  function brokenLog(why: string): StorageError {
    return new StorageError(
      'Unreachable',
      dataDir,
      `writing the write-ahead log in ${dataDir} failed (${why}); writes are refused until a restart recovers ` +
        'from the log, reads are served meanwhile',
    );
  }

  /** Until a write of `bytes` fits again, checks every interval; then lifts the refusal. */
  function scheduleSpaceCheck(bytes: number): void {
    clearTimeout(spaceCheck);
    spaceCheck = setTimeout(async () => {
      spaceCheck = undefined;
      if (closed) return;
      if (await hasSpaceFor(dataDir, bytes, logFiles)) {
        refusal = undefined;
        klog.info('Space is available again: accepting writes', { dataDir });
      } else if (!closed) {
        scheduleSpaceCheck(bytes);
      }
    }, opts.spaceCheckIntervalMs ?? 1000);
    spaceCheck.unref();
  }

  /**
   * Between flushes (nothing in flight): new records go to a fresh segment, and the state at the
   * rotation point is captured synchronously (cheap: references to immutable versions) and then
   * encoded and written in the background.
   */
  async function rotateAndSnapshot(): Promise<void> {
    const revision = mvcc.visible;
    const next = await SegmentWriter.open(path.join(dataDir, segmentName(revision + 1)), logFiles);
    try {
      await syncDir(dataDir);
    } catch (err) {
      await next.close(); // the next flush tries the rotation again
      throw err;
    }
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
      const before = failures;
      while (flushing !== undefined) await flushing;
      // The outcome was decided on writes that failed and were taken back: it cannot be reported.
      if (failures !== before) throw refusal ?? brokenLog('a concurrent write failed');
    },
    async compact(revision) {
      // Compaction stays allowed while out of space, as etcd's (it is how history is dropped).
      if (refusal?.code === 'Unreachable') throw refusal;
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
      clearTimeout(spaceCheck);
      while (flushing !== undefined) await flushing;
      while (snapshotting !== undefined) await snapshotting;
      // Writes that outran a running snapshot left the log past its bound: take the snapshot now,
      // so the next start replays little, however busy the machine was.
      if (logBytes >= snapshotAfter && refusal === undefined) {
        await rotateAndSnapshot().catch((err: unknown) =>
          klog.error(err, 'Rotating the log at close failed', { dataDir }),
        );
        while (snapshotting !== undefined) await snapshotting;
      }
      hub.closeAll();
      await segment.close();
      await lock.release();
    },
    check(key) {
      if (closed) throw new StorageError('Unreachable', key, 'storage is closed');
    },
    checkWrite() {
      if (refusal) throw refusal;
    },
  });
  stats.openMs = performance.now() - started;
  return Object.assign(kv, { stats });
}

/** The smallest write a space check tries: room for a few ordinary records. */
const minSpaceCheckBytes = 64 * 1024;

function isOutOfSpace(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOSPC' || code === 'EDQUOT';
}

/**
 * Whether a write of `bytes` fits: writes and syncs a scratch file that big, then removes it (a
 * free-space figure would not account for reserved blocks, quotas or allocation). Its `.tmp`
 * name is what recovery cleans up should the process die in between.
 */
async function hasSpaceFor(dataDir: string, bytes: number, files: LogFiles): Promise<boolean> {
  const probe = path.join(dataDir, 'space-check.tmp');
  let file: LogFile | undefined;
  try {
    file = await files.open(probe);
    await writeAll(file, [Buffer.alloc(bytes)]);
    await file.datasync();
    return true;
  } catch {
    return false;
  } finally {
    await file?.close().catch(() => {});
    await unlink(probe).catch(() => {});
  }
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
