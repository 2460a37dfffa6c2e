/**
 * The KV surface over the MVCC engine, shared by the memory and durable backends. They differ
 * only in the hooks: how a decided write becomes durable and visible, and how compaction and
 * close are recorded.
 */
import { StorageError } from '../errors/errors.js';
import type { MVCC, CASOutcome } from './mvcc.js';
import type { CASResult, KV, KVEvent, KVWatchOptions, KeyValue, ListOptions, ListResult } from './types.js';
import type { WatchHub } from './watch-hub.js';

export interface EngineHooks {
  /** Makes a decided write durable and visible (publishing its event); resolves when both hold. */
  commit(event: KVEvent): Promise<void> | void;
  /**
   * Resolves once every write decided so far is durable. Awaited before reporting an outcome that
   * depends on one (KeyExists, a compare-and-swap miss), so nobody learns of a write that a crash
   * could still take back.
   */
  settle(): Promise<void> | void;
  compact(revision: number): Promise<void>;
  close(): Promise<void>;
  /** Throws when the backend cannot serve at all (closed). */
  check(key: string): void;
  /** Throws when the backend refuses writes (out of space, a failed log write); reads go on. */
  checkWrite(key: string): void;
}

/** A KV that also reports how many watchers are alive (tests check that cancellation frees them). */
export interface EngineKV extends KV {
  readonly watcherCount: number;
}

export function engineKV(mvcc: MVCC, hub: WatchHub, hooks: EngineHooks): EngineKV {
  const { check } = hooks;
  const checkWrite = (key: string) => {
    check(key);
    hooks.checkWrite(key);
  };

  async function casResult(outcome: CASOutcome): Promise<CASResult> {
    if (!outcome.ok) {
      if (mvcc.head > mvcc.visible) await hooks.settle();
      return outcome.current
        ? { revision: mvcc.visible, ok: false, kv: outcome.current }
        : { revision: mvcc.visible, ok: false };
    }
    const ev = outcome.event;
    await hooks.commit(ev);
    // A delete reports the value it removed; an update the value it wrote.
    return { revision: ev.kv.modRevision, ok: true, kv: ev.type === 'DELETE' ? ev.prevKv! : ev.kv };
  }

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
      checkWrite(key);
      const event = mvcc.create(key, value);
      if (!event) {
        if (mvcc.head > mvcc.visible) await hooks.settle();
        throw new StorageError('KeyExists', key, undefined, mvcc.latest(key)?.modRevision ?? 0);
      }
      await hooks.commit(event);
      return { revision: event.kv.modRevision };
    },

    async update(key: string, value: Uint8Array, ifModRevision: number): Promise<CASResult> {
      checkWrite(key);
      return casResult(mvcc.update(key, value, ifModRevision));
    },

    async delete(key: string, ifModRevision?: number): Promise<CASResult> {
      checkWrite(key);
      return casResult(mvcc.delete(key, ifModRevision));
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
      await hooks.compact(revision);
    },

    async checkHealth(): Promise<void> {
      check('');
    },

    async checkReadiness(): Promise<void> {
      checkWrite('');
    },

    close: () => hooks.close(),
  };
}
