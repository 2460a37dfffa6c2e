/**
 * The shared index informer (mirrors client-go tools/cache/shared_informer.go): one reflector and
 * one indexed cache for a resource, and any number of event handlers on top, so N controllers
 * interested in pods cost one list and one watch.
 *
 *   reflector ─▶ replace / add / update / delete ─▶ indexer (the cache) ─▶ every handler, in order
 *                                                   resync timer ─▶ onUpdate(obj, obj) to handlers due
 *
 * Choices against upstream, for a single-threaded runtime:
 * - No DeltaFIFO: each watch event updates the cache and is handed to the handlers right away,
 *   in the order the server sent them. Handlers are synchronous and should be quick (a controller
 *   enqueues a key and returns); one that throws is logged and the others still run.
 * - No copies: the cache and every handler share the decoded object. Treat objects as read-only;
 *   copy (structuredClone) before changing one. A transform (setTransform) can drop fields such as
 *   managedFields before anything is stored, to keep memory down.
 * As upstream: a relist reports objects still present as updates and vanished ones as deletes of
 * a DeletedFinalStateUnknown, a handler added to a running informer first receives the cache's
 * content as adds, and resync periods under one second are raised to one second.
 */
import type { KubeObject } from '../../../apis/meta/v1/types.js';
import * as klog from '../../../klog/klog.js';
import { type Clock, realClock, sleepOn } from '../../util/clock/clock.js';
import { type ListerWatcher, Reflector, type ReflectorOptions, type WatchErrorHandler } from './reflector.js';
import {
  DeletedFinalStateUnknown,
  type Indexer,
  type Indexers,
  metaNamespaceIndexFunc,
  metaNamespaceKeyFunc,
  namespaceIndex,
  newIndexer,
} from './store.js';

export interface ResourceEventHandler<T> {
  /** A new object; `isInInitialList` when it came from the first list (or the replay for a late handler). */
  onAdd?(obj: T, isInInitialList: boolean): void;
  /** A changed object, or the same one twice on a resync or a relist. */
  onUpdate?(oldObj: T, newObj: T): void;
  /** A deleted object: its final state, or a tombstone when the deletion was only seen by a relist. */
  onDelete?(obj: T | DeletedFinalStateUnknown<T>): void;
}

export interface ResourceEventHandlerRegistration {
  /** True once the handler has received the informer's initial content. */
  hasSynced(): boolean;
  /** Stops calls to the handler. */
  remove(): void;
}

export interface SharedIndexInformerOptions<T>
  extends Pick<ReflectorOptions, 'backoff' | 'minWatchTimeoutMs' | 'pageSize' | 'random'> {
  /** For logs: the resource, e.g. `pods` or `deployments.apps`. */
  name: string;
  /** The resync period of handlers added without one; 0: none. */
  defaultResyncMs?: number;
  indexers?: Indexers<T>;
  clock?: Clock;
}

/** upstream minimumResyncPeriod. */
const minimumResyncMs = 1000;

interface Listener<T> {
  handler: ResourceEventHandler<T>;
  resyncMs: number;
  nextResync: number;
  removed: boolean;
}

export class SharedIndexInformer<T extends KubeObject> {
  private readonly indexer: Indexer<T>;
  private readonly listeners: Listener<T>[] = [];
  private readonly clock: Clock;
  private readonly reflector: Reflector<T>;
  private transform: ((obj: T) => T) | undefined;
  private synced = false;
  private started = false;
  private stopped = false;
  private readonly syncedWaiters: (() => void)[] = [];
  /** Wakes the resync loop when a handler with a shorter period arrives. */
  private resyncWake: (() => void) | undefined;

  constructor(
    lw: ListerWatcher<T>,
    private readonly opts: SharedIndexInformerOptions<T>,
  ) {
    this.clock = opts.clock ?? realClock;
    this.indexer = newIndexer<T>(metaNamespaceKeyFunc, {
      [namespaceIndex]: metaNamespaceIndexFunc,
      ...opts.indexers,
    });
    this.reflector = new Reflector<T>(
      lw,
      {
        replace: (items) => this.onReplace(items),
        add: (obj) => this.onAddOrUpdate(this.transformed(obj), false),
        update: (obj) => this.onAddOrUpdate(this.transformed(obj), false),
        delete: (obj) => this.onDelete(this.transformed(obj)),
      },
      { ...opts, clock: this.clock },
    );
  }

  get name(): string {
    return this.opts.name;
  }

  /**
   * Adds a handler. On a running informer it first receives every cached object as an add.
   * `resyncMs` (default: the informer's defaultResyncMs) asks for periodic onUpdate(obj, obj) of everything.
   */
  addEventHandler(
    handler: ResourceEventHandler<T>,
    resyncMs = this.opts.defaultResyncMs ?? 0,
  ): ResourceEventHandlerRegistration {
    if (this.stopped)
      throw new Error(`handler ${this.opts.name} was not added to shared informer because it has stopped already`);
    let period = resyncMs;
    if (period > 0 && period < minimumResyncMs) {
      klog.warning('resyncPeriod is too small; changing it to the minimum allowed value', {
        resyncPeriod: `${period}ms`,
        minimum: `${minimumResyncMs}ms`,
      });
      period = minimumResyncMs;
    }
    const listener: Listener<T> = { handler, resyncMs: period, nextResync: this.clock.now() + period, removed: false };
    this.listeners.push(listener);
    for (const obj of this.indexer.list()) call(this.opts.name, () => handler.onAdd?.(obj, true));
    this.resyncWake?.();
    return {
      hasSynced: () => this.synced,
      remove: () => {
        listener.removed = true;
        const i = this.listeners.indexOf(listener);
        if (i >= 0) this.listeners.splice(i, 1);
      },
    };
  }

  getIndexer(): Indexer<T> {
    return this.indexer;
  }

  /** Adds indexers (existing content is indexed at once). */
  addIndexers(indexers: Indexers<T>): void {
    this.indexer.addIndexers(indexers);
  }

  /** Applied to every object before it is stored or handed out; set before run(). */
  setTransform(transform: (obj: T) => T): void {
    if (this.started) throw new Error('informer has already started');
    this.transform = transform;
  }

  /** Called with each list/watch failure (default: log it); set before run(). */
  setWatchErrorHandler(handler: WatchErrorHandler): void {
    if (this.started) throw new Error('informer has already started');
    this.reflector.setWatchErrorHandler(handler);
  }

  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves true once the first list is in the cache, false if `signal` aborts first. */
  waitForSync(signal?: AbortSignal): Promise<boolean> {
    if (this.synced) return Promise.resolve(true);
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = () => resolve(false);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.syncedWaiters.push(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
      });
    });
  }

  get lastSyncResourceVersion(): string {
    return this.reflector.lastSyncResourceVersion;
  }

  isStopped(): boolean {
    return this.stopped;
  }

  /** Lists, watches and resyncs until `signal` aborts. An informer runs once. */
  async run(signal: AbortSignal): Promise<void> {
    if (this.started) throw new Error(`informer ${this.opts.name} has already been started`);
    this.started = true;
    try {
      await Promise.all([this.reflector.run(signal), this.resyncLoop(signal)]);
    } finally {
      this.stopped = true;
    }
  }

  private transformed(obj: T): T {
    return this.transform ? this.transform(obj) : obj;
  }

  private onReplace(items: T[]): void {
    const initial = !this.synced;
    const seen = new Set<string>();
    for (const raw of items) {
      const obj = this.transformed(raw);
      seen.add(metaNamespaceKeyFunc(obj));
      this.onAddOrUpdate(obj, initial);
    }
    for (const key of this.indexer.listKeys()) {
      if (seen.has(key)) continue;
      const last = this.indexer.getByKey(key);
      if (last === undefined) continue;
      this.indexer.delete(last);
      const tombstone = new DeletedFinalStateUnknown(key, last);
      this.distribute((h) => h.onDelete?.(tombstone));
    }
    if (initial) {
      this.synced = true;
      for (const wake of this.syncedWaiters.splice(0)) wake();
    }
  }

  private onAddOrUpdate(obj: T, isInInitialList: boolean): void {
    const old = this.indexer.get(obj);
    if (old !== undefined) {
      this.indexer.update(obj);
      this.distribute((h) => h.onUpdate?.(old, obj));
    } else {
      this.indexer.add(obj);
      this.distribute((h) => h.onAdd?.(obj, isInInitialList));
    }
  }

  private onDelete(obj: T): void {
    this.indexer.delete(obj);
    this.distribute((h) => h.onDelete?.(obj));
  }

  private distribute(fn: (h: ResourceEventHandler<T>) => void): void {
    // A handler may remove itself (or another) while being called: iterate over a snapshot.
    for (const l of [...this.listeners]) {
      if (!l.removed) call(this.opts.name, () => fn(l.handler));
    }
  }

  /** Every handler whose period elapsed gets onUpdate(obj, obj) for each cached object. */
  private async resyncLoop(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      const periods = this.listeners.filter((l) => l.resyncMs > 0);
      const now = this.clock.now();
      const next = periods.length ? Math.min(...periods.map((l) => l.nextResync)) : Number.POSITIVE_INFINITY;
      if (next <= now) {
        const due = periods.filter((l) => l.nextResync <= now);
        if (this.synced) {
          for (const obj of this.indexer.list()) {
            for (const l of due) if (!l.removed) call(this.opts.name, () => l.handler.onUpdate?.(obj, obj));
          }
        }
        for (const l of due) l.nextResync = now + l.resyncMs;
        continue;
      }
      const woken = new AbortController();
      this.resyncWake = () => woken.abort();
      const stop = () => woken.abort();
      signal.addEventListener('abort', stop, { once: true });
      await sleepOn(this.clock, Number.isFinite(next) ? next - now : 2 ** 30, woken.signal);
      signal.removeEventListener('abort', stop);
      this.resyncWake = undefined;
    }
  }
}

function call(name: string, fn: () => void): void {
  try {
    fn();
  } catch (err) {
    klog.error(err, 'Event handler failed', { informer: name });
  }
}
