/**
 * Empties a terminating namespace and releases it (mirrors
 * pkg/controller/namespace/deletion/namespaced_resources_deleter.go), over the API like upstream's
 * kube-controller-manager:
 *
 *   GET namespace ─ gone or not deleting → done
 *     → status.phase = Terminating (namespaces/status)
 *     → spec.finalizers has no `kubernetes` → done (someone else finalizes it)
 *     → for every namespaced resource discovery lists (preferred versions, custom ones included) that can be deleted:
 *         deletecollection (or list + delete each), propagationPolicy Background, then list what is left
 *         leftovers with finalizers → wait ~15 s; pods → wait up to their grace period;
 *         other leftovers → an error (retried with back-off)
 *     → conditions on namespaces/status (kubectl describe shows them)
 *     → nothing left: remove `kubernetes` from spec.finalizers (namespaces/finalize); the apiserver
 *       removes the namespace when that leaves no finalizer
 */
import { isConflict, isNotFound } from '../../../api/errors/errors.js';
import type { Namespace, Pod } from '../../../apis/core/v1/types.js';
import type { GroupVersionResource } from '../../../apis/meta/v1/types.js';
import type { APIResource, DiscoveryClient } from '../../../client/discovery/discovery-client.js';
import type { DynamicClient } from '../../../client/dynamic/client.js';
import type { Clientset } from '../../../client/kubernetes/clientset.js';
import { namespaces, pods } from '../../../client/kubernetes/resources.js';
import { type DeleteCallOptions, resourcePath } from '../../../client/rest/resource.js';
import * as klog from '../../../klog/klog.js';
import { newContentTotals, updateConditions, type ContentTotals } from './status-condition-utils.js';

/** The finalizer token kube-controller-manager's namespace controller owns (v1.FinalizerKubernetes). */
export const finalizerKubernetes = 'kubernetes';

/** Assumed time for content finalizers to finish (upstream finalizerEstimateSeconds). */
const finalizerEstimateSeconds = 15;

/** Content is still going away; try again after `estimateSeconds`. */
export class ResourcesRemainingError extends Error {
  constructor(readonly estimateSeconds: number) {
    super(`some content remains in the namespace, estimate ${estimateSeconds} seconds before it is removed`);
    this.name = 'ResourcesRemainingError';
  }
}

export interface NamespacedResourcesDeleterOptions {
  client: Clientset;
  dynamic: DynamicClient;
  discovery: DiscoveryClient;
  /** The finalizer this deleter removes once the namespace is empty. */
  finalizerToken?: string;
  now?: () => number;
}

const background: DeleteCallOptions = { propagationPolicy: 'Background' };

export class NamespacedResourcesDeleter {
  private readonly token: string;
  private readonly now: () => number;

  constructor(private readonly opts: NamespacedResourcesDeleterOptions) {
    this.token = opts.finalizerToken ?? finalizerKubernetes;
    this.now = opts.now ?? Date.now;
  }

  /** One pass for `name`. Resolves when done (or nothing to do); throws ResourcesRemainingError or another error to be retried. */
  async delete(name: string, signal?: AbortSignal): Promise<void> {
    let ns = await this.getNamespace(name, signal);
    if (!ns?.metadata.deletionTimestamp) return;
    ns = await this.retryOnConflict(
      ns,
      (latest) => this.updateStatus(latest, signal),
      signal,
      (latest) => {
        if (!latest.metadata.deletionTimestamp || latest.status?.phase === 'Terminating') return undefined;
        latest.status = { ...latest.status, phase: 'Terminating' };
        return latest;
      },
    );
    if (!ns?.metadata.deletionTimestamp) return;
    if (!(ns.spec?.finalizers ?? []).includes(this.token)) return;

    const estimate = await this.deleteAllContent(ns, signal);
    if (estimate > 0) throw new ResourcesRemainingError(estimate);

    try {
      await this.retryOnConflict(
        ns,
        (latest) => this.finalize(latest, signal),
        signal,
        (latest) => {
          const finalizers = latest.spec?.finalizers ?? [];
          if (!finalizers.includes(this.token)) return undefined;
          latest.spec = { ...latest.spec, finalizers: finalizers.filter((f) => f !== this.token) };
          return latest;
        },
      );
    } catch (err) {
      // Another controller sharing the token may have finished the namespace already.
      if (!isNotFound(err)) throw err;
    }
  }

  private async getNamespace(name: string, signal?: AbortSignal): Promise<Namespace | undefined> {
    try {
      return await this.opts.client.resource(namespaces).get(name, signal ? { signal } : {});
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  private updateStatus(ns: Namespace, signal?: AbortSignal): Promise<Namespace> {
    return this.opts.client.resource(namespaces).updateStatus(ns, signal ? { signal } : {});
  }

  /** PUT namespaces/{name}/finalize: the one way to change spec.finalizers. */
  private finalize(ns: Namespace, signal?: AbortSignal): Promise<Namespace> {
    const name = ns.metadata.name ?? '';
    return this.opts.client.restClient.request<Namespace>({
      method: 'PUT',
      path: resourcePath(namespaces, undefined, name, 'finalize'),
      body: ns,
      ...(signal ? { signal } : {}),
      info: { resource: 'namespaces', name },
    });
  }

  /**
   * Applies `change` to the latest namespace and writes it with `write`, re-reading on conflicts
   * (upstream retryOnConflictError). `change` answers undefined when nothing needs writing.
   */
  private async retryOnConflict(
    ns: Namespace,
    write: (ns: Namespace) => Promise<Namespace>,
    signal: AbortSignal | undefined,
    change: (ns: Namespace) => Namespace | undefined,
  ): Promise<Namespace | undefined> {
    let latest = ns;
    for (;;) {
      const next = change(structuredClone(latest));
      if (!next) return latest;
      try {
        return await write(next);
      } catch (err) {
        if (!isConflict(err)) throw err;
      }
      const fresh = await this.getNamespace(latest.metadata.name ?? '', signal);
      if (!fresh) return undefined;
      if (fresh.metadata.uid !== latest.metadata.uid) throw new Error('namespace uid has changed across retries');
      latest = fresh;
    }
  }

  /** Deletes everything in the namespace; returns the seconds to wait for what is still going away. */
  private async deleteAllContent(ns: Namespace, signal?: AbortSignal): Promise<number> {
    const name = ns.metadata.name ?? '';
    const deletedAt = Date.parse(ns.metadata.deletionTimestamp ?? '');
    const totals = newContentTotals();
    let estimate = 0;
    let resources: APIResource[] = [];
    try {
      resources = await this.deletableNamespacedResources(signal);
    } catch (err) {
      // Not fatal upstream either: report it, and retry the namespace.
      totals.discoveryError = err instanceof Error ? err.message : String(err);
    }
    for (const r of resources) {
      signal?.throwIfAborted();
      try {
        estimate = Math.max(estimate, await this.deleteAllContentForResource(r, name, deletedAt, totals, signal));
      } catch (err) {
        totals.deleteErrors.push(err instanceof Error ? err.message : String(err));
      }
    }
    // Conditions are best effort: a failure to record them must not stop the deletion.
    await this.retryOnConflict(
      ns,
      (latest) => this.updateStatus(latest, signal),
      signal,
      (latest) => {
        latest.status ??= {};
        latest.status.conditions ??= [];
        return updateConditions(latest.status.conditions, totals) ? latest : undefined;
      },
    ).catch((err: unknown) => klog.error(err, 'Could not update the namespace status conditions', { namespace: name }));
    const problems = [...(totals.discoveryError ? [totals.discoveryError] : []), ...totals.deleteErrors];
    if (problems.length === 1) throw new Error(problems[0]);
    if (problems.length > 1) throw new Error(`[${problems.join(', ')}]`);
    return estimate;
  }

  /** Every namespaced resource of the groups' preferred versions that can be deleted (upstream ServerPreferredNamespacedResources filtered by `delete`). */
  private async deletableNamespacedResources(signal?: AbortSignal): Promise<APIResource[]> {
    this.opts.discovery.invalidate();
    const lists = await this.opts.discovery.serverPreferredResources(signal);
    return lists.flatMap((l) =>
      l.resources.filter((r) => r.namespaced && !r.name.includes('/') && r.verbs.includes('delete')),
    );
  }

  /** Deletes one resource's content; returns the wait estimate in seconds for what is left. */
  private async deleteAllContentForResource(
    r: APIResource,
    namespace: string,
    deletedAt: number,
    totals: ContentTotals,
    signal?: AbortSignal,
  ): Promise<number> {
    const gvr: GroupVersionResource = { group: r.group, version: r.version, resource: r.name };
    const call = signal ? { signal } : {};
    const client = this.opts.dynamic.resource(gvr).namespace(namespace);
    const estimate = await this.estimateGracefulTermination(gvr, namespace, deletedAt, signal);
    if (r.verbs.includes('deletecollection')) {
      await client.deleteCollection({ ...background, ...call });
    } else if (r.verbs.includes('list')) {
      for (const item of (await client.list(call)).items) {
        try {
          await client.delete(item.metadata.name ?? '', { ...background, ...call });
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
      }
    }
    if (!r.verbs.includes('list')) return estimate;
    const left = (await client.list(call)).items;
    const grKey = `${r.name}.${r.group}`;
    if (left.length > 0) totals.remainingByResource.set(grKey, left.length);
    let withFinalizers = false;
    for (const item of left) {
      for (const f of item.metadata.finalizers ?? []) {
        withFinalizers = true;
        totals.remainingByFinalizer.set(f, (totals.remainingByFinalizer.get(f) ?? 0) + 1);
      }
    }
    if (estimate > 0 || left.length === 0) return estimate;
    if (withFinalizers) return finalizerEstimateSeconds;
    throw new Error(
      `unexpected items still remain in namespace: ${namespace} for gvr: ${r.group}/${r.version}, Resource=${r.name}`,
    );
  }

  /**
   * How long pods may still take (upstream estimateGracefulTermination): the longest grace period
   * of the pods not yet terminal, unless that much time has passed since the namespace was deleted.
   */
  private async estimateGracefulTermination(
    gvr: GroupVersionResource,
    namespace: string,
    deletedAt: number,
    signal?: AbortSignal,
  ): Promise<number> {
    if (gvr.group !== '' || gvr.resource !== 'pods') return 0;
    let estimate = 0;
    const list = await this.opts.client
      .resource<Pod>(pods)
      .namespace(namespace)
      .list(signal ? { signal } : {});
    for (const pod of list.items) {
      const phase = pod.status?.phase;
      if (phase === 'Succeeded' || phase === 'Failed') continue;
      estimate = Math.max(estimate, pod.spec?.terminationGracePeriodSeconds ?? 0);
    }
    return this.now() - deletedAt >= estimate * 1000 ? 0 : estimate;
  }
}
