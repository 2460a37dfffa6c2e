/**
 * Storage.watch over a KV watch (mirrors etcd3 watcher.go): optional initial state as ADDED
 * events, KV events turned into ADDED/MODIFIED/DELETED with predicate transitions, and periodic
 * bookmarks whose revision keeps moving thanks to the KV's progress notifications.
 *
 *   resourceVersion ""/"0" ──list──▶ ADDED… [BOOKMARK initialEventsEnd] ──kv.watch(listRev)──▶ events
 *   resourceVersion N      ─────────────────────────────────────────────── kv.watch(N) ──────▶ events
 */
import type { KubeObject } from '../apis/meta/v1/types.js';
import * as klog from '../klog/klog.js';
import { decodeShared, decodeStored, parseResourceVersion } from './codec.js';
import { StorageError, isStorageError } from './errors/errors.js';
import type { StorageWatchEvent, WatchOptions } from './interfaces.js';
import { abortableIterable } from './kv/abortable.js';
import type { KV, KVEvent } from './kv/types.js';
import type { Transformer } from './value/transformer.js';

const expiredWatch = 'The resourceVersion for the provided watch is too old.';
const TICK = Symbol('tick');

export function watchStorage(
  kv: KV,
  transformer: Transformer,
  key: string,
  opts: WatchOptions,
  waitForRevision: (key: string, revision: number) => Promise<void>,
): AsyncIterable<StorageWatchEvent> {
  // Stopping must not wait for the next event: see abortable.ts.
  return abortableIterable(opts.signal, (signal) => run(kv, transformer, key, opts, signal, waitForRevision));
}

async function* run(
  kv: KV,
  transformer: Transformer,
  key: string,
  opts: WatchOptions,
  signal: AbortSignal,
  waitForRevision: (key: string, revision: number) => Promise<void>,
): AsyncGenerator<StorageWatchEvent, void, undefined> {
  const recursive = key.endsWith('/');
  const predicate = opts.predicate;
  const rv = parseResourceVersion(opts.resourceVersion, key);
  // Unset means "initial state" only for rv ""/"0"; an explicit false never sends it.
  const initial = opts.sendInitialEvents ?? rv === 0;
  if (signal.aborted) return;

  let startRev: number;
  if (initial) {
    if (rv > 0) await waitForRevision(key, rv);
    const state = recursive
      ? await kv.list(key)
      : await kv.get(key).then((r) => ({ revision: r.revision, kvs: r.kv ? [r.kv] : [] }));
    startRev = state.revision;
    for (const item of state.kvs) {
      const obj = decodeStored(transformer, item.key, item.value, item.modRevision);
      if (!predicate || predicate(obj)) yield { type: 'ADDED', object: obj, resourceVersion: item.modRevision };
    }
    if (opts.sendInitialEvents) yield { type: 'BOOKMARK', resourceVersion: startRev, initialEventsEnd: true };
  } else {
    startRev = rv > 0 ? rv : await kv.currentRevision();
  }

  const interval = opts.bookmarkIntervalMs ?? 0;
  let lastRev = startRev;
  let progress = 0;
  const kvOpts =
    interval > 0
      ? { progressIntervalMs: interval, onProgress: (r: number) => (progress = Math.max(progress, r)) }
      : undefined;
  const iterator = kv.watch(key, startRev, signal, kvOpts)[Symbol.asyncIterator]();
  const ticker = interval > 0 ? newTicker(interval) : undefined;
  try {
    let pending = iterator.next();
    for (;;) {
      const r = ticker ? await Promise.race([pending, ticker.tick()]) : await pending;
      if (r === TICK) {
        // Between batches: everything up to lastRev was yielded, and the KV vouches for `progress`.
        yield { type: 'BOOKMARK', resourceVersion: Math.max(lastRev, progress) };
        continue;
      }
      if (r.done) return;
      for (const ev of r.value) {
        lastRev = ev.kv.modRevision;
        if (!recursive && ev.kv.key !== key) continue; // a key watch is a prefix watch on the KV
        const out = toWatchEvent(transformer, ev, predicate);
        if (out) yield out;
      }
      pending = iterator.next(); // only now: a prefetched batch would make `progress` run ahead
    }
  } catch (err) {
    if (isStorageError(err, 'Compacted')) throw new StorageError('Compacted', key, expiredWatch, err.revision);
    throw err;
  } finally {
    ticker?.stop();
    await iterator.return?.();
  }
}

/**
 * One KV event as the watch event a client sees, or undefined when the predicate filters it out.
 * Objects are shared by every watcher of the event (decodeShared): receivers must not modify them.
 */
function toWatchEvent(
  transformer: Transformer,
  ev: KVEvent,
  predicate: ((obj: KubeObject) => boolean) | undefined,
): StorageWatchEvent | undefined {
  const rev = ev.kv.modRevision;
  const key = ev.kv.key;
  if (ev.type === 'DELETE') {
    if (!ev.prevKv) {
      klog.warning('Dropping a watch DELETE event without its previous value', { key, revision: rev });
      return undefined;
    }
    // The last state, at the revision of its deletion (as upstream).
    const old = decodeShared(transformer, key, ev.prevKv.value, rev);
    return !predicate || predicate(old) ? { type: 'DELETED', object: old, resourceVersion: rev } : undefined;
  }
  const cur = decodeShared(transformer, key, ev.kv.value, rev);
  if (ev.kv.createRevision === rev)
    return !predicate || predicate(cur) ? { type: 'ADDED', object: cur, resourceVersion: rev } : undefined;
  if (!predicate) return { type: 'MODIFIED', object: cur, resourceVersion: rev };
  const curPasses = predicate(cur);
  const old = ev.prevKv ? decodeShared(transformer, key, ev.prevKv.value, rev) : undefined;
  const oldPasses = old !== undefined && predicate(old);
  if (curPasses) return { type: oldPasses ? 'MODIFIED' : 'ADDED', object: cur, resourceVersion: rev };
  // Stopped matching: to this watcher the object is gone, shown as it last matched.
  return old && oldPasses ? { type: 'DELETED', object: old, resourceVersion: rev } : undefined;
}

/** A promise that resolves every `ms`, shared by every waiter of one period. */
function newTicker(ms: number): { tick(): Promise<typeof TICK>; stop(): void } {
  let resolve: (v: typeof TICK) => void = () => {};
  let promise = new Promise<typeof TICK>((r) => (resolve = r));
  const timer = setInterval(() => {
    resolve(TICK);
    promise = new Promise<typeof TICK>((r) => (resolve = r));
  }, ms);
  return { tick: () => promise, stop: () => clearInterval(timer) };
}
