/**
 * Watch fan-out over an MVCC engine, shaped like etcd's watchable store: "synced" watchers are
 * at the head and get each new event pushed into a queue; "unsynced" ones (starting from an old
 * revision, or fallen behind) read the engine's event log at their own pace and join the synced
 * set once they reach the head.
 *
 * Cost per write: one map lookup per distinct watched-prefix length plus one push per matching
 * watcher; watchers of other prefixes are never touched and history is never rescanned.
 *
 * Slow consumers: a synced watcher whose queue reaches `maxQueuedEvents` stops receiving pushes
 * and turns unsynced; once its consumer drains the queue it continues from the log. Writers never
 * wait and memory stays bounded by the history that compaction keeps anyway. If compaction
 * removes revisions an unsynced watcher still needs, its iterator throws Compacted (etcd cancels
 * such a watch with its compact revision); the layer above turns that into a watch restart.
 */
import { StorageError } from '../errors/errors.js';
import type { MVCC } from './mvcc.js';
import type { KVEvent, KVWatchOptions } from './types.js';

export interface WatchHubOptions {
  /** Events queued for one watcher before it is switched to reading the log (default 10,000). */
  maxQueuedEvents?: number;
  /** Most events handed over in one batch while catching up from the log (default 1,000). */
  catchUpBatch?: number;
}

type Waiter = { resolve: (r: IteratorResult<KVEvent[]>) => void; reject: (err: unknown) => void };

export class WatchHub {
  private readonly byPrefix = new Map<string, Set<Watcher>>();
  /** Distinct lengths of watched prefixes, ascending: the only slices of a key worth looking up. */
  private lengths: number[] = [];
  private readonly all = new Set<Watcher>();
  readonly maxQueued: number;
  readonly catchUpBatch: number;

  constructor(
    readonly mvcc: MVCC,
    opts: WatchHubOptions = {},
  ) {
    this.maxQueued = opts.maxQueuedEvents ?? 10_000;
    this.catchUpBatch = opts.catchUpBatch ?? 1000;
  }

  /** Watchers alive now (synced or not). */
  get size(): number {
    return this.all.size;
  }

  /** Hands newly visible events (in revision order) to the synced watchers of their prefixes. */
  publish(events: readonly KVEvent[]): void {
    if (this.byPrefix.size === 0) return;
    const lengths = this.lengths;
    for (const ev of events) {
      const key = ev.kv.key;
      for (const len of lengths) {
        if (len > key.length) break;
        const set = this.byPrefix.get(len === key.length ? key : key.slice(0, len));
        if (set) for (const w of set) w.deliver(ev);
      }
    }
  }

  watch(prefix: string, afterRevision: number, signal: AbortSignal, opts?: KVWatchOptions): AsyncIterable<KVEvent[]> {
    return { [Symbol.asyncIterator]: () => new Watcher(this, prefix, afterRevision, signal, opts) };
  }

  /** Ends every watcher (the store is closing). */
  closeAll(): void {
    for (const w of [...this.all]) w.close();
  }

  track(w: Watcher): void {
    this.all.add(w);
  }

  untrack(w: Watcher): void {
    this.all.delete(w);
    this.unsubscribe(w);
  }

  subscribe(w: Watcher): void {
    let set = this.byPrefix.get(w.prefix);
    if (!set) {
      set = new Set();
      this.byPrefix.set(w.prefix, set);
      this.recomputeLengths();
    }
    set.add(w);
  }

  unsubscribe(w: Watcher): void {
    const set = this.byPrefix.get(w.prefix);
    if (!set?.delete(w) || set.size > 0) return;
    this.byPrefix.delete(w.prefix);
    this.recomputeLengths();
  }

  private recomputeLengths(): void {
    // A fresh array each time: publish() may be iterating the old one.
    this.lengths = [...new Set([...this.byPrefix.keys()].map((p) => p.length))].sort((a, b) => a - b);
  }
}

class Watcher implements AsyncIterableIterator<KVEvent[]> {
  private queue: KVEvent[] = [];
  private synced = false;
  /** Unsynced: the next revision to read from the log. Synced: events below it are skipped (a watch from the future). */
  private fromRevision: number;
  private waiter: Waiter | undefined;
  private wakeScheduled = false;
  private closed = false;
  private failure: StorageError | undefined;
  private progressTimer: NodeJS.Timeout | undefined;
  private readonly onAbort = () => this.close();

  constructor(
    private readonly hub: WatchHub,
    readonly prefix: string,
    afterRevision: number,
    private readonly signal: AbortSignal,
    opts: KVWatchOptions | undefined,
  ) {
    this.fromRevision = afterRevision + 1;
    const mvcc = hub.mvcc;
    if (signal.aborted) {
      this.closed = true;
      return;
    }
    if (afterRevision < mvcc.compacted) {
      this.failure = compactedError(prefix, mvcc.compacted);
    } else if (afterRevision >= mvcc.visible) {
      this.synced = true;
      hub.subscribe(this);
    }
    hub.track(this);
    signal.addEventListener('abort', this.onAbort, { once: true });
    const onProgress = opts?.onProgress;
    const interval = opts?.progressIntervalMs ?? 0;
    if (onProgress && interval > 0) {
      this.progressTimer = setInterval(() => {
        // Only when nothing is queued: then every visible event has been handed over.
        if (this.synced && this.queue.length === 0) onProgress(mvcc.visible);
      }, interval);
      this.progressTimer.unref();
    }
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<KVEvent[]>> {
    if (this.closed) return Promise.resolve({ done: true, value: undefined });
    if (this.queue.length > 0) return Promise.resolve({ done: false, value: this.take() });
    if (!this.synced && !this.failure) {
      const batch = this.catchUp();
      if (batch.length > 0) return Promise.resolve({ done: false, value: batch });
    }
    if (this.failure) {
      const err = this.failure;
      this.close();
      return Promise.reject(err);
    }
    return new Promise((resolve, reject) => {
      this.waiter = { resolve, reject };
    });
  }

  return(): Promise<IteratorResult<KVEvent[]>> {
    this.close();
    return Promise.resolve({ done: true, value: undefined });
  }

  /** Called by publish() for each new event under this watcher's prefix while synced. */
  deliver(ev: KVEvent): void {
    if (ev.kv.modRevision < this.fromRevision) return;
    if (this.queue.length >= this.hub.maxQueued) {
      // Fallen behind: stop pushing, continue from the log once the queue is drained.
      this.synced = false;
      this.fromRevision = ev.kv.modRevision;
      this.hub.unsubscribe(this);
      return;
    }
    this.queue.push(ev);
    if (this.waiter && !this.wakeScheduled) {
      // Wake once per publish, after every event of it has been queued: one batch, not many.
      this.wakeScheduled = true;
      queueMicrotask(() => this.wake());
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.queue = [];
    this.hub.untrack(this);
    this.signal.removeEventListener('abort', this.onAbort);
    if (this.progressTimer) clearInterval(this.progressTimer);
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.resolve({ done: true, value: undefined });
  }

  private wake(): void {
    this.wakeScheduled = false;
    const waiter = this.waiter;
    if (!waiter || this.queue.length === 0) return;
    this.waiter = undefined;
    waiter.resolve({ done: false, value: this.take() });
  }

  private take(): KVEvent[] {
    const batch = this.queue;
    this.queue = [];
    return batch;
  }

  /** Reads the next events from the log; joins the synced set when it reaches the visible head. */
  private catchUp(): KVEvent[] {
    const mvcc = this.hub.mvcc;
    if (this.fromRevision <= mvcc.compacted) {
      this.failure = compactedError(this.prefix, mvcc.compacted);
      return [];
    }
    const batch: KVEvent[] = [];
    const max = this.hub.catchUpBatch;
    const prefix = this.prefix;
    let stoppedAt = 0;
    mvcc.scanEvents(this.fromRevision, (ev) => {
      if (batch.length >= max) {
        stoppedAt = ev.kv.modRevision;
        return false;
      }
      if (ev.kv.key.startsWith(prefix)) batch.push(ev);
      return true;
    });
    if (stoppedAt > 0) {
      this.fromRevision = stoppedAt;
    } else {
      this.fromRevision = mvcc.visible + 1;
      this.synced = true;
      this.hub.subscribe(this);
    }
    return batch;
  }
}

function compactedError(prefix: string, compacted: number): StorageError {
  return new StorageError('Compacted', prefix, undefined, compacted);
}
