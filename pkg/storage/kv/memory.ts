/**
 * The in-memory KV: the MVCC engine with every write visible at once. Used by tests and by
 * `--storage=memory`; the durable backend (durable.ts) is the same engine plus a write-ahead log.
 */
import { StorageError } from '../errors.js';
import { MVCC } from './mvcc.js';
import type { CASResult, KV, KVEvent, KVWatchOptions, KeyValue, ListOptions, ListResult } from './types.js';
import { WatchHub, type WatchHubOptions } from './watch-hub.js';

export type MemoryKVOptions = WatchHubOptions;

/** A KV that also reports how many watchers are alive (tests check that cancellation frees them). */
export interface MemoryKV extends KV {
  readonly watcherCount: number;
}

/**
 * @example
 *   const kv = newMemoryKV();
 *   const { revision } = await kv.create('/registry/configmaps/default/a', bytes);
 *   for await (const batch of kv.watch('/registry/configmaps/', revision, signal)) …
 */
export function newMemoryKV(opts: MemoryKVOptions = {}): MemoryKV {
  const mvcc = new MVCC();
  const hub = new WatchHub(mvcc, opts);
  let closed = false;

  const check = (key: string) => {
    if (closed) throw new StorageError('Unreachable', key, 'storage is closed');
  };
  const commit = (event: KVEvent) => {
    mvcc.visible = mvcc.head;
    hub.publish([event]);
  };

  return {
    get watcherCount() {
      return hub.size;
    },

    async get(key: string, opts?: { revision?: number }): Promise<{ revision: number; kv?: KeyValue }> {
      check(key);
      const revision = mvcc.readRevision(key, opts?.revision);
      const kv = mvcc.get(key, revision);
      return kv ? { revision, kv } : { revision };
    },

    async list(prefix: string, opts?: ListOptions): Promise<ListResult> {
      check(prefix);
      return mvcc.list(prefix, opts);
    },

    async create(key: string, value: Uint8Array): Promise<{ revision: number }> {
      check(key);
      const event = mvcc.create(key, value);
      if (!event) throw new StorageError('KeyExists', key, undefined, mvcc.latest(key)?.modRevision ?? 0);
      commit(event);
      return { revision: event.kv.modRevision };
    },

    async update(key: string, value: Uint8Array, ifModRevision: number): Promise<CASResult> {
      check(key);
      return casResult(mvcc, mvcc.update(key, value, ifModRevision), commit);
    },

    async delete(key: string, ifModRevision?: number): Promise<CASResult> {
      check(key);
      return casResult(mvcc, mvcc.delete(key, ifModRevision), commit);
    },

    watch(prefix: string, afterRevision: number, signal: AbortSignal, opts?: KVWatchOptions): AsyncIterable<KVEvent[]> {
      check(prefix);
      return hub.watch(prefix, afterRevision, signal, opts);
    },

    async currentRevision(): Promise<number> {
      check('');
      return mvcc.visible;
    },

    async compactedRevision(): Promise<number> {
      check('');
      return mvcc.compacted;
    },

    async compact(revision: number): Promise<void> {
      check('');
      mvcc.compact(revision);
    },

    async close(): Promise<void> {
      closed = true;
      hub.closeAll();
    },
  };
}

/** Shapes an engine CAS outcome as the KV's CASResult, committing the write when it happened. */
export function casResult(mvcc: MVCC, outcome: ReturnType<MVCC['update']>, commit: (ev: KVEvent) => void): CASResult {
  if (!outcome.ok) {
    return outcome.current ? { revision: mvcc.visible, ok: false, kv: outcome.current } : { revision: mvcc.visible, ok: false };
  }
  commit(outcome.event);
  const ev = outcome.event;
  // A delete reports the value it removed; an update the value it wrote.
  return { revision: ev.kv.modRevision, ok: true, kv: ev.type === 'DELETE' ? ev.prevKv! : ev.kv };
}
