/**
 * The in-apiserver namespace controller (mirrors pkg/controller/namespace/namespace_controller.go,
 * run inside kube-apiserver here rather than in kube-controller-manager): it watches namespaces and
 * runs the deleter for each one marked for deletion until the namespace is gone.
 *
 *   list+watch namespaces ──(deletionTimestamp set)──▶ queue ──▶ deleter.delete(name)
 *        ▲      │ watch ends / 410 Expired: relist          │ ResourcesRemaining: again after estimate/2+1 s
 *        └──────┘ other errors: relist after backoff        │ other errors: again after per-key backoff
 *
 * Everything stops when the signal aborts.
 */
import type { Namespace } from '../../apis/core/v1/types.js';
import { newItemExponentialFailureRateLimiter } from '../../client/util/workqueue/default-rate-limiters.js';
import { newRateLimitingQueue, type RateLimitingQueue } from '../../client/util/workqueue/queue.js';
import * as klog from '../../klog/klog.js';
import { newSystemContext } from '../../endpoints/request/context.js';
import type { Lister, Watcher } from '../../registry/rest/rest.js';
import { sleep } from '../../util/wait.js';
import {
  newNamespacedResourcesDeleter,
  ResourcesRemainingError,
  type NamespaceDeleterDeps,
} from './deletion/namespaced-resources-deleter.js';

export interface NamespaceControllerOptions extends NamespaceDeleterDeps {
  /** The namespaces resource also has to be listed and watched. */
  namespaces: NamespaceDeleterDeps['namespaces'] & Lister<Namespace> & Watcher<Namespace>;
  /** How many namespaces are emptied at once (upstream --concurrent-namespace-syncs, default 10). */
  workers?: number;
  /** Retry backoff per namespace (upstream: 5 ms doubling up to 1000 s; shorter here by default, 60 s). */
  backoff?: { baseDelayMs: number; maxDelayMs: number };
  /** Pause before re-listing after the namespace watch failed. */
  relistDelayMs?: number;
  /** When to look again at a namespace whose content is still going away (upstream: estimate/2 + 1 seconds). */
  remainingRequeueMs?: (estimateSeconds: number) => number;
}

export interface NamespaceController {
  /** Runs until `signal` aborts; resolves once every worker has stopped. */
  run(signal: AbortSignal): Promise<void>;
}

export function newNamespaceController(opts: NamespaceControllerOptions): NamespaceController {
  const deleter = newNamespacedResourcesDeleter(opts);
  const workers = opts.workers ?? 10;
  const relistDelayMs = opts.relistDelayMs ?? 1000;
  const remainingRequeueMs = opts.remainingRequeueMs ?? ((estimate: number) => (Math.floor(estimate / 2) + 1) * 1000);

  async function watchLoop(signal: AbortSignal, enqueue: (ns: Namespace) => void): Promise<void> {
    const ctx = newSystemContext(undefined, signal);
    while (!signal.aborted) {
      try {
        const list = await opts.namespaces.list(ctx);
        for (const ns of list.items) enqueue(ns);
        const events = await opts.namespaces.watch(ctx, {
          resourceVersion: list.metadata.resourceVersion ?? '',
          signal,
        });
        for await (const ev of events) {
          if (ev.type === 'ADDED' || ev.type === 'MODIFIED') enqueue(ev.object);
        }
      } catch (err) {
        if (signal.aborted) return;
        klog.v(2).info('namespace watch ended, relisting', { err: err instanceof Error ? err.message : String(err) });
        await sleep(relistDelayMs, signal);
      }
    }
  }

  async function worker(queue: RateLimitingQueue<string>, signal: AbortSignal): Promise<void> {
    for (;;) {
      const name = await queue.get();
      if (name === undefined) return;
      try {
        await deleter.delete(name, signal);
        queue.forget(name);
      } catch (err) {
        if (signal.aborted) {
          queue.done(name);
          return;
        }
        if (err instanceof ResourcesRemainingError) {
          queue.addAfter(name, remainingRequeueMs(err.estimateSeconds));
        } else {
          klog.error(err, 'namespace deletion failed, will retry', { namespace: name });
          queue.addRateLimited(name);
        }
      }
      queue.done(name);
    }
  }

  return {
    async run(signal) {
      if (signal.aborted) return;
      const backoff = opts.backoff ?? { baseDelayMs: 5, maxDelayMs: 60_000 };
      const queue = newRateLimitingQueue<string>({
        rateLimiter: newItemExponentialFailureRateLimiter(backoff.baseDelayMs, backoff.maxDelayMs),
        signal,
      });
      const enqueue = (ns: Namespace) => {
        if (ns.metadata.deletionTimestamp && ns.metadata.name) queue.add(ns.metadata.name);
      };
      try {
        await Promise.all([
          watchLoop(signal, enqueue),
          ...Array.from({ length: workers }, () => worker(queue, signal)),
        ]);
      } finally {
        queue.shutDown();
      }
    },
  };
}
