/**
 * The namespace controller (mirrors pkg/controller/namespace/namespace_controller.go): watches
 * namespaces and, for each one marked for deletion, runs the deleter until the namespace is gone.
 *
 *   namespace informer ──(deletionTimestamp set)──▶ queue, after 5 s ──▶ deleter.delete(name)
 *                                                     ▲   ResourcesRemaining: again after estimate/2 + 1 s
 *                                                     └── other errors: again after per-key back-off (5 ms … 60 s)
 *
 * The 5 s wait is upstream's: it lets every apiserver observe the deletion, so nothing created
 * in the namespace at the last moment escapes the sweep.
 */
import type { Namespace } from '../../apis/core/v1/types.js';
import type { SharedIndexInformer } from '../../client/tools/cache/shared-informer.js';
import {
  newBucketRateLimiter,
  newItemExponentialFailureRateLimiter,
  newMaxOfRateLimiter,
} from '../../client/util/workqueue/default-rate-limiters.js';
import { newRateLimitingQueue } from '../../client/util/workqueue/queue.js';
import * as klog from '../../klog/klog.js';
import { runController } from '../run-workers.js';
import {
  NamespacedResourcesDeleter,
  ResourcesRemainingError,
  type NamespacedResourcesDeleterOptions,
} from './deletion/namespaced-resources-deleter.js';

/** upstream namespaceDeletionGracePeriod. */
export const namespaceDeletionGracePeriodMs = 5000;

export interface NamespaceControllerOptions extends NamespacedResourcesDeleterOptions {
  namespaces: SharedIndexInformer<Namespace>;
  /** --namespace-sync-period: every namespace is looked at again this often. */
  resyncPeriodMs: number;
  /** Default 5 s (tests shorten it). */
  deletionGracePeriodMs?: number;
}

export class NamespaceController {
  // upstream nsControllerRateLimiter: per item 5 ms doubling to 60 s, overall 10 qps bursts of 100.
  private readonly queue = newRateLimitingQueue<string>({
    rateLimiter: newMaxOfRateLimiter(newItemExponentialFailureRateLimiter(5, 60_000), newBucketRateLimiter(10, 100)),
  });
  private readonly deleter: NamespacedResourcesDeleter;

  constructor(private readonly opts: NamespaceControllerOptions) {
    this.deleter = new NamespacedResourcesDeleter(opts);
    const delay = opts.deletionGracePeriodMs ?? namespaceDeletionGracePeriodMs;
    const enqueue = (ns: Namespace) => {
      if (ns.metadata.deletionTimestamp && ns.metadata.name) this.queue.addAfter(ns.metadata.name, delay);
    };
    opts.namespaces.addEventHandler({ onAdd: enqueue, onUpdate: (_old, ns) => enqueue(ns) }, opts.resyncPeriodMs);
  }

  async run(workers: number, signal: AbortSignal): Promise<void> {
    klog.info('Starting namespace controller');
    await runController(this.queue, signal, [this.opts.namespaces], {
      name: 'namespace',
      workers,
      sync: (name) => this.syncNamespace(name, signal),
      onError: (name, err) => {
        if (!(err instanceof ResourcesRemainingError)) return false;
        const seconds = Math.floor(err.estimateSeconds / 2) + 1;
        klog.v(4).info('Content remaining in namespace', { namespace: name, waitSeconds: seconds });
        this.queue.addAfter(name, seconds * 1000);
        return true;
      },
    });
    klog.info('Shutting down namespace controller');
  }

  private async syncNamespace(name: string, signal: AbortSignal): Promise<void> {
    const started = Date.now();
    if (!this.opts.namespaces.getIndexer().getByKey(name)) {
      klog.info('Namespace has been deleted', { namespace: name });
      return;
    }
    try {
      await this.deleter.delete(name, signal);
    } finally {
      klog.v(4).info('Finished syncing namespace', { namespace: name, duration: `${Date.now() - started}ms` });
    }
  }
}
