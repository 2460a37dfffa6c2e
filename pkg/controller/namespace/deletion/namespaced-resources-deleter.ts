/**
 * Empties a terminating namespace and releases it (mirrors
 * pkg/controller/namespace/deletion/namespaced_resources_deleter.go), calling the registry
 * in-process instead of through a client:
 *
 *   get namespace ─ gone or not deleting → done
 *     → status.phase = Terminating (namespaces/status)
 *     → spec.finalizers already empty → delete the namespace (uid precondition) → done
 *     → for every namespaced resource: deletecollection (or list + delete each), then list what is left
 *         leftovers with a deletionTimestamp → wait until then; with finalizers → wait ~15 s;
 *         other leftovers → an error (retried with backoff)
 *     → conditions on namespaces/status
 *     → nothing left: remove `kubernetes` from spec.finalizers (namespaces/finalize), then delete the namespace
 */
import { isConflict, isNotFound } from '../../../api/errors/errors.js';
import type { Namespace } from '../../../apis/core/v1/types.js';
import type { DeleteOptions } from '../../../apis/meta/v1/types.js';
import type { APIGroupInfo } from '../../../registry/rest/catalog.js';
import { newSystemContext } from '../../../endpoints/request/context.js';
import type { GracefulDeleter, Getter, RESTStorage, Updater } from '../../../registry/rest/rest.js';
import { defaultUpdatedObjectInfo } from '../../../registry/rest/update.js';
import { newContentTotals, updateConditions, type ContentTotals } from './status-condition-utils.js';

/** The finalizer token the in-apiserver namespace controller owns. */
export const finalizerKubernetes = 'kubernetes';

/** Assumed time for content finalizers to finish (upstream finalizerEstimateSeconds). */
const finalizerEstimateSeconds = 15;

/** One namespaced resource to empty. */
export interface NamespacedResource {
  group: string;
  resource: string;
  storage: RESTStorage;
}

/**
 * The namespaced resources of a catalog, each once (its most preferred served version: other
 * versions share the same stored objects).
 */
export function namespacedResources(groups: readonly APIGroupInfo[]): NamespacedResource[] {
  const seen = new Set<string>();
  const out: NamespacedResource[] = [];
  for (const g of groups) {
    for (const v of g.versions) {
      for (const r of v.resources) {
        const id = `${r.resource}.${g.group}`;
        if (!r.namespaced || seen.has(id)) continue;
        seen.add(id);
        out.push({ group: g.group, resource: r.resource, storage: r.storage });
      }
    }
  }
  return out;
}

export interface NamespaceDeleterDeps {
  /** The namespaces resource (get, delete). */
  namespaces: Getter<Namespace> & GracefulDeleter<Namespace>;
  /** namespaces/status (update): phase and conditions. */
  namespaceStatus: Updater<Namespace>;
  /** namespaces/finalize (update): spec.finalizers. */
  namespaceFinalize: Updater<Namespace>;
  /** The namespaced resources to empty; asked on every pass so resources added later are included. */
  resources: () => readonly NamespacedResource[];
}

/** Content is still going away; try again after `estimateSeconds`. */
export class ResourcesRemainingError extends Error {
  constructor(readonly estimateSeconds: number) {
    super(`some content remains in the namespace, estimate ${estimateSeconds} seconds before it is removed`);
    this.name = 'ResourcesRemainingError';
  }
}

export interface NamespacedResourcesDeleter {
  /** One pass for `name`. Resolves when done (or nothing to do); throws ResourcesRemainingError or another error to be retried. */
  delete(name: string, signal?: AbortSignal): Promise<void>;
}

export function newNamespacedResourcesDeleter(deps: NamespaceDeleterDeps): NamespacedResourcesDeleter {
  const system = (signal?: AbortSignal, namespace?: string) => newSystemContext(namespace, signal);

  async function get(name: string, signal?: AbortSignal): Promise<Namespace | undefined> {
    try {
      return await deps.namespaces.get(system(signal), name);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** Applies `change` to the latest namespace through `target`, re-reading on conflicts (upstream retryOnConflictError). */
  async function retryOnConflict(
    ns: Namespace,
    target: Updater<Namespace>,
    change: (ns: Namespace) => Namespace | undefined,
    signal?: AbortSignal,
  ): Promise<Namespace | undefined> {
    let latest = ns;
    for (;;) {
      const next = change(structuredClone(latest));
      if (!next) return latest;
      try {
        return (await target.update(system(signal), latest.metadata.name ?? '', defaultUpdatedObjectInfo(next))).object;
      } catch (err) {
        if (!isConflict(err)) throw err;
      }
      const fresh = await get(latest.metadata.name ?? '', signal);
      if (!fresh) return undefined;
      if (fresh.metadata.uid !== latest.metadata.uid) throw new Error('namespace uid has changed across retries');
      latest = fresh;
    }
  }

  async function deleteNamespace(ns: Namespace, signal?: AbortSignal): Promise<void> {
    const opts: DeleteOptions = ns.metadata.uid ? { preconditions: { uid: ns.metadata.uid } } : {};
    try {
      await deps.namespaces.delete(system(signal), ns.metadata.name ?? '', opts);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }

  /** Deletes one resource's content; returns the wait estimate in seconds for what is left. */
  async function deleteResourceContent(
    r: NamespacedResource,
    namespace: string,
    totals: ContentTotals,
    signal?: AbortSignal,
  ): Promise<number> {
    const ctx = system(signal, namespace);
    const grKey = `${r.resource}.${r.group}`;
    // The namespace controller deletes everything itself: dependents are not orphaned.
    const options: DeleteOptions = { propagationPolicy: 'Background' };
    if (r.storage.deleteCollection) {
      await r.storage.deleteCollection(ctx, options, {});
    } else if (r.storage.list && r.storage.delete) {
      for (const item of (await r.storage.list(ctx)).items) {
        try {
          await r.storage.delete(ctx, item.metadata.name ?? '', options);
        } catch (err) {
          if (!isNotFound(err)) throw err;
        }
      }
    }
    if (!r.storage.list) return 0;
    const left = (await r.storage.list(ctx)).items;
    if (left.length === 0) return 0;
    totals.remainingByResource.set(grKey, left.length);
    let estimate = 0;
    let withFinalizers = false;
    const now = Date.now();
    for (const item of left) {
      for (const f of item.metadata.finalizers ?? []) {
        withFinalizers = true;
        totals.remainingByFinalizer.set(f, (totals.remainingByFinalizer.get(f) ?? 0) + 1);
      }
      if (item.metadata.deletionTimestamp)
        estimate = Math.max(estimate, Math.ceil((Date.parse(item.metadata.deletionTimestamp) - now) / 1000));
    }
    if (estimate > 0) return estimate;
    if (withFinalizers) return finalizerEstimateSeconds;
    throw new Error(
      `unexpected items still remain in namespace: ${namespace} for gvr: ${r.group === '' ? '' : `${r.group}/`}${r.resource}`,
    );
  }

  async function deleteAllContent(ns: Namespace, signal?: AbortSignal): Promise<number> {
    const name = ns.metadata.name ?? '';
    const totals = newContentTotals();
    let estimate = 0;
    for (const r of deps.resources()) {
      signal?.throwIfAborted();
      try {
        estimate = Math.max(estimate, await deleteResourceContent(r, name, totals, signal));
      } catch (err) {
        totals.deleteErrors.push(err instanceof Error ? err.message : String(err));
      }
    }
    // Conditions are best effort: a failure to record them must not stop the deletion.
    await retryOnConflict(
      ns,
      deps.namespaceStatus,
      (latest) => {
        latest.status ??= {};
        latest.status.conditions ??= [];
        return updateConditions(latest.status.conditions, totals) ? latest : undefined;
      },
      signal,
    ).catch(() => undefined);
    if (totals.deleteErrors.length > 0)
      throw new Error(`failed to delete content of namespace ${name}: ${totals.deleteErrors.join('; ')}`);
    return estimate;
  }

  return {
    async delete(name, signal) {
      let ns = await get(name, signal);
      if (!ns?.metadata.deletionTimestamp) return;
      ns = await retryOnConflict(
        ns,
        deps.namespaceStatus,
        (latest) => {
          if (!latest.metadata.deletionTimestamp || latest.status?.phase === 'Terminating') return undefined;
          latest.status = { ...latest.status, phase: 'Terminating' };
          return latest;
        },
        signal,
      );
      if (!ns?.metadata.deletionTimestamp) return;
      if ((ns.spec?.finalizers ?? []).length === 0) return deleteNamespace(ns, signal);

      const estimate = await deleteAllContent(ns, signal);
      if (estimate > 0) throw new ResourcesRemainingError(estimate);

      const fresh = await get(name, signal);
      if (!fresh) return;
      const finalized = await retryOnConflict(
        fresh,
        deps.namespaceFinalize,
        (latest) => {
          const finalizers = latest.spec?.finalizers ?? [];
          if (!finalizers.includes(finalizerKubernetes)) return undefined;
          latest.spec = {
            ...latest.spec,
            finalizers: [...new Set(finalizers.filter((f) => f !== finalizerKubernetes))].sort(),
          };
          return latest;
        },
        signal,
      ).catch((err: unknown) => {
        // Another controller sharing the token may have finished the namespace already.
        if (isNotFound(err)) return undefined;
        throw err;
      });
      if (finalized && (finalized.spec?.finalizers ?? []).length === 0) await deleteNamespace(finalized, signal);
    },
  };
}
