/**
 * Periodic compaction (mirrors upstream's etcd3 compact.go): every interval, compact to the
 * revision seen one interval earlier, so at least one interval of history stays available for
 * watches resuming after a short disconnect, while old versions do not pile up.
 *
 * Several apiservers may share one store; they agree through a compare-and-swap on a shared key,
 * so only one of them compacts per interval (the key's modRevision is the logical clock):
 *
 *   tick: CAS compact_rev_key (expecting the modRevision we last saw)
 *     ├─ won  → compact to the revision remembered last tick; remember the current revision
 *     └─ lost → another apiserver compacted: adopt its clock and the current revision, try next tick
 *
 * In steady state history spans one to two intervals; if the compacting apiserver dies, another
 * takes over within two intervals. Nothing is compacted on the first tick after start.
 */
import * as klog from '../klog/klog.js';
import { isStorageError } from './errors/errors.js';
import type { KV } from './kv/types.js';
import { sleep } from '../util/wait.js';

/** Upstream's default --etcd-compaction-interval. */
export const defaultCompactionIntervalMs = 5 * 60 * 1000;
const compactRevKey = 'compact_rev_key';

export interface CompactorOptions {
  /** Time between compactions (default 5 minutes). 0 disables compaction. */
  intervalMs?: number;
  /** Stops the compactor; the returned promise then resolves. */
  signal: AbortSignal;
}

/** Runs until `signal` aborts. Failures are logged and retried on the next tick. */
export async function runCompactor(kv: KV, opts: CompactorOptions): Promise<void> {
  const interval = opts.intervalMs ?? defaultCompactionIntervalMs;
  if (interval <= 0) return;
  const state = { clock: 0, revision: 0 };
  while (await sleep(interval, opts.signal)) {
    try {
      await compactOnce(kv, state);
    } catch (err) {
      klog.error(err, 'Compaction failed; retrying next interval');
    }
  }
}

/** One tick. `state.clock`: compact_rev_key's modRevision as last seen (0: absent). */
async function compactOnce(kv: KV, state: { clock: number; revision: number }): Promise<void> {
  const value = new TextEncoder().encode(String(state.revision));
  let won: boolean;
  let writeRevision = 0;
  if (state.clock === 0) {
    try {
      writeRevision = (await kv.create(compactRevKey, value)).revision;
      won = true;
    } catch (err) {
      if (!isStorageError(err, 'KeyExists')) throw err;
      won = false;
    }
  } else {
    const res = await kv.update(compactRevKey, value, state.clock);
    won = res.ok;
    writeRevision = res.revision;
  }
  if (!won) {
    const current = await kv.get(compactRevKey);
    state.clock = current.kv?.modRevision ?? 0;
    state.revision = current.revision;
    return;
  }
  const target = state.revision;
  state.clock = writeRevision;
  state.revision = writeRevision;
  if (target === 0) return;
  try {
    await kv.compact(target);
    klog.v(2).info('Compacted storage', { revision: target });
  } catch (err) {
    // Someone (an operator, another tool) already compacted further: nothing to do.
    if (!isStorageError(err, 'Compacted')) throw err;
  }
}
