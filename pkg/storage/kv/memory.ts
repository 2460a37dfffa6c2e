/**
 * The in-memory KV: the MVCC engine with every write visible at once. Used by tests and by
 * `--storage=memory`; the durable backend (durable.ts) is the same engine plus a write-ahead log.
 */
import { StorageError } from '../errors/errors.js';
import { engineKV, type EngineKV } from './engine-kv.js';
import { MVCC } from './mvcc.js';
import { WatchHub, type WatchHubOptions } from './watch-hub.js';

export type MemoryKVOptions = WatchHubOptions;

/** A KV that also reports how many watchers are alive (tests check that cancellation frees them). */
export type MemoryKV = EngineKV;

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
  return engineKV(mvcc, hub, {
    commit(event) {
      mvcc.visible = mvcc.head;
      hub.publish([event]);
    },
    settle() {},
    async compact(revision) {
      mvcc.compact(revision);
    },
    async close() {
      closed = true;
      hub.closeAll();
    },
    check(key) {
      if (closed) throw new StorageError('Unreachable', key, 'storage is closed');
    },
    checkWrite() {},
  });
}
