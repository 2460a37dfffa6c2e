/**
 * The loop every queue-driven controller runs (upstream's `for i := 0; i < workers; i++ { go
 * wait.UntilWithContext(ctx, c.worker, time.Second) }` with processNextWorkItem, and
 * cache.WaitForNamedCacheSync): wait for the informers, then `workers` loops that take an item,
 * sync it, forget it on success and retry it with back-off on failure, until the queue shuts down.
 */
import type { RateLimitingQueue } from '../client/util/workqueue/queue.js';
import type { SharedIndexInformer } from '../client/tools/cache/shared-informer.js';
import type { KubeObject } from '../apis/meta/v1/types.js';
import * as klog from '../klog/klog.js';

export interface WorkerOptions<T> {
  /** For logs: the controller's name. */
  name: string;
  workers: number;
  sync(item: T): Promise<void>;
  /**
   * Decides about a failed item; return true when it handled the retry itself (e.g. addAfter a
   * known delay). Unset or false: logged, then retried with the queue's rate limiter.
   */
  onError?(item: T, err: unknown): boolean;
}

/**
 * Waits for `informers` to sync, then runs the workers until `signal` aborts (which shuts the
 * queue down); resolves once every worker has stopped.
 */
export async function runController<T>(
  queue: RateLimitingQueue<T>,
  signal: AbortSignal,
  informers: readonly SharedIndexInformer<KubeObject>[],
  opts: WorkerOptions<T>,
): Promise<void> {
  const stop = () => queue.shutDown();
  signal.addEventListener('abort', stop, { once: true });
  try {
    if (await waitForNamedCacheSync(opts.name, signal, ...informers)) await runWorkers(queue, opts);
  } finally {
    signal.removeEventListener('abort', stop);
    queue.shutDown();
  }
}

/** Resolves once every worker has stopped (the queue shut down and the items in hand finished). */
export async function runWorkers<T>(queue: RateLimitingQueue<T>, opts: WorkerOptions<T>): Promise<void> {
  const worker = async () => {
    for (let item = await queue.get(); item !== undefined; item = await queue.get()) {
      try {
        await opts.sync(item);
        queue.forget(item);
      } catch (err) {
        if (!queue.isShuttingDown && !opts.onError?.(item, err)) {
          klog.error(err, 'Error syncing item, retrying', { controller: opts.name, item: describe(item) });
          queue.addRateLimited(item);
        }
      } finally {
        queue.done(item);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, opts.workers) }, worker));
}

/** Waits for the informers' first lists; false when `signal` aborted first (upstream WaitForNamedCacheSync). */
export async function waitForNamedCacheSync(
  name: string,
  signal: AbortSignal,
  ...informers: SharedIndexInformer<KubeObject>[]
): Promise<boolean> {
  klog.info('Waiting for caches to sync', { controller: name });
  for (const informer of informers) {
    // Only a stop ends the wait early: not an error, the controller just never started working.
    if (!(await informer.waitForSync(signal))) {
      klog.info('Stopped before caches synced', { controller: name });
      return false;
    }
  }
  klog.info('Caches are synced', { controller: name });
  return true;
}

function describe(item: unknown): string {
  if (typeof item === 'string') return item;
  return typeof item === 'object' && item !== null && 'toString' in item ? String(item) : JSON.stringify(item);
}
