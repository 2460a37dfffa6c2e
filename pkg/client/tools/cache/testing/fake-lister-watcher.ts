/**
 * Test doubles for the reflector's ListerWatcher (the role of client-go's watch.FakeWatcher and
 * cache/testing.FakeControllerSource): lists answer from a script, watches are streams a test
 * feeds event by event.
 */
import { StatusError } from '../../../../api/errors/errors.js';
import type { KubeList, KubeObject, Status } from '../../../../apis/meta/v1/types.js';
import type { ListOptions } from '../../../rest/resource.js';
import type { WatchEvent, WatchStream } from '../../../rest/watch.js';
import type { ListerWatcher } from '../reflector.js';

type Item<T> = { event: WatchEvent<T> } | { error: unknown } | { end: true };

export class FakeWatch<T> implements WatchStream<T> {
  private readonly items: Item<T>[] = [];
  private wake: (() => void) | undefined;
  stopped = false;

  constructor(readonly options: ListOptions) {}

  add(object: T): void {
    this.push({ event: { type: 'ADDED', object } });
  }
  modify(object: T): void {
    this.push({ event: { type: 'MODIFIED', object } });
  }
  delete(object: T): void {
    this.push({ event: { type: 'DELETED', object } });
  }
  bookmark(object: T): void {
    this.push({ event: { type: 'BOOKMARK', object } });
  }
  /** An ERROR event carrying `status`. */
  error(status: Partial<Status> & { code: number }): void {
    this.push({
      error: new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', ...status }),
    });
  }
  /** The server ends the watch. */
  end(): void {
    this.push({ end: true });
  }
  stop(): void {
    this.stopped = true;
    this.push({ end: true });
  }

  private push(item: Item<T>): void {
    this.items.push(item);
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<WatchEvent<T>> {
    for (;;) {
      const item = this.items.shift();
      if (!item) {
        await new Promise<void>((resolve) => {
          this.wake = resolve;
        });
        this.wake = undefined;
        continue;
      }
      if ('end' in item) return;
      if ('error' in item) throw item.error;
      yield item.event;
    }
  }
}

export class FakeListerWatcher<T extends KubeObject> implements ListerWatcher<T> {
  readonly listCalls: ListOptions[] = [];
  readonly watches: FakeWatch<T>[] = [];
  /** Answers to the next lists, in order; the last one repeats. */
  listAnswers: ((opts: ListOptions) => KubeList<T>)[] = [];
  /** When set, the next watch calls throw these, in order, before watches open again. */
  watchFailures: unknown[] = [];

  async list(opts: ListOptions): Promise<KubeList<T>> {
    const { signal: _signal, ...recorded } = opts;
    this.listCalls.push(recorded);
    const answer = this.listAnswers.length > 1 ? this.listAnswers.shift() : this.listAnswers[0];
    if (!answer) throw new Error('no list answer scripted');
    return answer(opts);
  }

  async watch(opts: ListOptions): Promise<WatchStream<T>> {
    if (this.watchFailures.length) throw this.watchFailures.shift();
    const { signal, ...recorded } = opts;
    const w = new FakeWatch<T>(recorded);
    signal?.addEventListener('abort', () => w.stop(), { once: true });
    this.watches.push(w);
    return w;
  }

  /** The n-th watch opened (0-based), waiting for it to open. */
  async nthWatch(n: number, timeoutMs = 2000): Promise<FakeWatch<T>> {
    const deadline = Date.now() + timeoutMs;
    while (this.watches.length <= n) {
      if (Date.now() > deadline) throw new Error(`watch #${n} was not opened within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 1));
    }
    const w = this.watches[n];
    if (!w) throw new Error('unreachable: watch missing');
    return w;
  }
}

export function listOf<T extends KubeObject>(resourceVersion: string, items: T[], cont?: string): KubeList<T> {
  return { apiVersion: 'v1', kind: 'List', metadata: { resourceVersion, ...(cont ? { continue: cont } : {}) }, items };
}
