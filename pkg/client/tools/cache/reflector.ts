/**
 * The reflector (mirrors client-go tools/cache/reflector.go): keeps a sink in step with the
 * server by listing, then watching from the list's resourceVersion.
 *
 *   list (RV "0" first: any recent state; paged by 500 when read from storage)
 *     └─▶ sink.replace(items) ─▶ watch from RV (bookmarks on, timeout 5–10 min)
 *            ├─ event ─▶ sink.add/update/delete, RV advances (bookmarks advance it too)
 *            ├─ watch ended by the server ─▶ watch again from the last RV
 *            ├─ refused / 429 ─▶ back off, watch again
 *            └─ 410 Expired/Gone, other errors ─▶ back off, list again from the last RV
 *   a list answered 410 ─▶ list again at once with RV "" (a consistent read)
 *
 * Every failure goes to the watch error handler (logging by default) before the back-off
 * (800 ms doubling to 30 s, with jitter, reset after 2 quiet minutes).
 */
import { reasonOf, StatusError } from '../../../api/errors/errors.js';
import type { KubeList, KubeObject } from '../../../apis/meta/v1/types.js';
import * as klog from '../../../klog/klog.js';
import type { ListOptions } from '../../rest/resource.js';
import type { WatchStream } from '../../rest/watch.js';
import { type Clock, realClock, sleepOn } from '../../util/clock/clock.js';
import {
  ExponentialBackoffManager,
  type ExponentialBackoffOptions,
  reflectorBackoff,
} from '../../util/flowcontrol/backoff.js';

/** How the reflector reads the resource: usually a ResourceClient with fixed selectors. */
export interface ListerWatcher<T extends KubeObject> {
  list(opts: ListOptions): Promise<KubeList<T>>;
  watch(opts: ListOptions): Promise<WatchStream<T>>;
}

/** Where the reflector writes what it learns. */
export interface ReflectorSink<T> {
  /** The complete state at `resourceVersion` (after each list). */
  replace(items: T[], resourceVersion: string): void;
  add(obj: T): void;
  update(obj: T): void;
  delete(obj: T): void;
}

export type WatchErrorHandler = (err: unknown) => void;

export interface ReflectorOptions {
  /** For log lines, e.g. `*v1.Pod` or `configmaps`. */
  name: string;
  clock?: Clock;
  backoff?: ExponentialBackoffOptions;
  /** Watches last a random time between this and twice this (upstream: 5 minutes). */
  minWatchTimeoutMs?: number;
  /** Page size of lists read from storage (upstream: 500). */
  pageSize?: number;
  watchErrorHandler?: WatchErrorHandler;
  random?: () => number;
}

const defaultMinWatchTimeoutMs = 5 * 60 * 1000;
const defaultPageSize = 500;

export class Reflector<T extends KubeObject> {
  private lastSyncRV = '';
  private lastSyncRVUnavailable = false;
  private readonly clock: Clock;
  private readonly backoff: ExponentialBackoffManager;
  private readonly random: () => number;
  private watchErrorHandler: WatchErrorHandler;

  constructor(
    private readonly lw: ListerWatcher<T>,
    private readonly sink: ReflectorSink<T>,
    private readonly opts: ReflectorOptions,
  ) {
    this.clock = opts.clock ?? realClock;
    this.random = opts.random ?? Math.random;
    this.backoff = new ExponentialBackoffManager(opts.backoff ?? reflectorBackoff, this.clock, this.random);
    this.watchErrorHandler = opts.watchErrorHandler ?? ((err) => defaultWatchErrorHandler(opts.name, err));
  }

  /** The resourceVersion of the last list, event or bookmark seen. */
  get lastSyncResourceVersion(): string {
    return this.lastSyncRV;
  }

  setWatchErrorHandler(handler: WatchErrorHandler): void {
    this.watchErrorHandler = handler;
  }

  /** Lists and watches until `signal` aborts; never rejects. */
  async run(signal: AbortSignal): Promise<void> {
    klog.v(3).info('Starting reflector', { type: this.opts.name });
    while (!signal.aborted) {
      try {
        await this.listAndWatch(signal);
      } catch (err) {
        if (signal.aborted) break;
        this.watchErrorHandler(err);
      }
      if (!(await sleepOn(this.clock, this.backoff.nextDelay(), signal))) break;
    }
    klog.v(3).info('Stopping reflector', { type: this.opts.name });
  }

  /** One list, then watches until one fails; throws why it stopped. */
  async listAndWatch(signal: AbortSignal): Promise<void> {
    await this.list(signal);
    for (;;) {
      signal.throwIfAborted();
      const timeoutMs = this.opts.minWatchTimeoutMs ?? defaultMinWatchTimeoutMs;
      const timeoutSeconds = Math.max(1, Math.floor((timeoutMs * (this.random() + 1)) / 1000));
      let stream: WatchStream<T>;
      try {
        stream = await this.lw.watch({
          resourceVersion: this.lastSyncRV,
          timeoutSeconds,
          allowWatchBookmarks: true,
          signal,
        });
      } catch (err) {
        // The server is not there or asks us to slow down: watch again after the back-off, no relist.
        if (isConnectionRefused(err) || reasonOf(err) === 'TooManyRequests') {
          klog.v(4).info('Watch failed to start, retrying after backoff', { type: this.opts.name, err: message(err) });
          if (!(await sleepOn(this.clock, this.backoff.nextDelay(), signal))) return;
          continue;
        }
        throw err;
      }
      await this.watchHandler(stream, signal);
    }
  }

  private async list(signal: AbortSignal): Promise<void> {
    let list: { items: T[]; resourceVersion: string };
    try {
      list = await this.listAll(this.relistResourceVersion(), signal);
    } catch (err) {
      if (!isExpired(err) && !isTooLargeResourceVersion(err)) throw err;
      // The version we asked for is gone: read the current state instead, at once.
      this.lastSyncRVUnavailable = true;
      list = await this.listAll(this.relistResourceVersion(), signal);
    }
    this.lastSyncRVUnavailable = false;
    this.sink.replace(list.items, list.resourceVersion);
    this.lastSyncRV = list.resourceVersion;
  }

  /**
   * Lists every page. As upstream, RV "0" (served from a cache) and RV "" (a consistent read from
   * storage) are paged; an exact relist RV is asked in one piece so a watch cache can serve it.
   */
  private async listAll(
    resourceVersion: string,
    signal: AbortSignal,
  ): Promise<{ items: T[]; resourceVersion: string }> {
    const pageSize = this.opts.pageSize ?? defaultPageSize;
    const paged = resourceVersion === '' || resourceVersion === '0';
    const first = await this.lw.list({ resourceVersion, ...(paged ? { limit: pageSize } : {}), signal });
    const items = first.items ?? [];
    let page = first;
    while (page.metadata.continue) {
      try {
        page = await this.lw.list({ continue: page.metadata.continue, limit: pageSize, signal });
      } catch (err) {
        if (!isExpired(err)) throw err;
        // The snapshot the pages came from was compacted: one unpaged list instead (pager.FullListIfExpired).
        const full = await this.lw.list({ resourceVersion, signal });
        return { items: full.items ?? [], resourceVersion: full.metadata.resourceVersion ?? '' };
      }
      for (const item of page.items ?? []) items.push(item);
    }
    return { items, resourceVersion: first.metadata.resourceVersion ?? '' };
  }

  /** upstream relistResourceVersion: "" after the last one was unavailable, "0" before any list, else the last RV. */
  private relistResourceVersion(): string {
    if (this.lastSyncRVUnavailable) return '';
    return this.lastSyncRV === '' ? '0' : this.lastSyncRV;
  }

  private async watchHandler(stream: WatchStream<T>, signal: AbortSignal): Promise<void> {
    const start = this.clock.now();
    let events = 0;
    const stop = () => stream.stop();
    signal.addEventListener('abort', stop, { once: true });
    try {
      for await (const ev of stream) {
        events++;
        const rv = ev.object?.metadata?.resourceVersion;
        switch (ev.type) {
          case 'ADDED':
            this.sink.add(ev.object);
            break;
          case 'MODIFIED':
            this.sink.update(ev.object);
            break;
          case 'DELETED':
            this.sink.delete(ev.object);
            break;
          case 'BOOKMARK':
            break;
        }
        if (rv) this.lastSyncRV = rv;
      }
    } catch (err) {
      if (signal.aborted) return;
      if (isExpired(err)) klog.v(4).info('Watch closed', { type: this.opts.name, err: message(err) });
      throw err;
    } finally {
      signal.removeEventListener('abort', stop);
    }
    signal.throwIfAborted();
    // A watch that ends at once without a single event means something is wrong: back off and relist.
    if (events === 0 && this.clock.now() - start < 1000) {
      throw new Error(
        `very short watch: ${this.opts.name}: Unexpected watch close - watch lasted less than a second and no items received`,
      );
    }
  }
}

function defaultWatchErrorHandler(name: string, err: unknown): void {
  if (isExpired(err)) {
    klog.v(4).info(`watch of ${name} closed with: ${message(err)}`);
  } else {
    klog.warning(`failed to list or watch ${name}: ${message(err)}`);
  }
}

export function isExpired(err: unknown): boolean {
  const reason = reasonOf(err);
  return reason === 'Expired' || reason === 'Gone' || (err instanceof StatusError && err.code === 410);
}

function isTooLargeResourceVersion(err: unknown): boolean {
  return (
    err instanceof StatusError &&
    err.code === 504 &&
    (err.status.details?.causes ?? []).some((c) => c.reason === 'ResourceVersionTooLarge')
  );
}

function isConnectionRefused(err: unknown): boolean {
  const cause = (err as { cause?: { code?: unknown } })?.cause;
  return cause?.code === 'ECONNREFUSED';
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
