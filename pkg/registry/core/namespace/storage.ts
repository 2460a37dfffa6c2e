/**
 * Namespace storage (mirrors pkg/registry/core/namespace/storage/storage.go). Deleting a namespace
 * is a two-step affair, as upstream:
 *
 *   DELETE (first)  → deletionTimestamp set, status.phase Terminating; the object stays (202-style, deleted=false)
 *   namespace controller empties it and removes `kubernetes` from spec.finalizers via /finalize;
 *   that update removes the namespace when metadata.finalizers is empty too
 *   DELETE (again)  → with spec.finalizers empty, the generic delete runs (metadata.finalizers still honoured)
 */
import type { DeleteOptions, KubeObject } from '../../../apis/meta/v1/types.js';
import type { Namespace } from '../../../apis/core/v1/types.js';
import { rfc3339 } from '../../rest/create.js';
import type { RequestContext } from '../../rest/context.js';
import type { DeleteResult, Getter, Updater } from '../../rest/rest.js';
import type { RESTOptions } from '../../generic/options.js';
import { newStore, type Store } from '../../generic/registry/store.js';
import type { StoreOptions } from '../../generic/registry/store-options.js';
import { interpretGetError, interpretUpdateError } from '../../generic/registry/storage-errors.js';
import { newStatusStorage } from '../../subresource/status.js';
import { namespaceTableConvertor } from '../../../printers/internalversion/printers-core.js';
import {
  namespaceFinalizeStrategy,
  namespaceSelectableFields,
  namespaceStatusStrategy,
  namespaceStrategy,
} from './strategy.js';

const orphanFinalizer = 'orphan';
const foregroundFinalizer = 'foregroundDeletion';

function wantOrphan(o: DeleteOptions, have: boolean): boolean {
  if (o.orphanDependents !== undefined) return o.orphanDependents;
  if (o.propagationPolicy !== undefined) return o.propagationPolicy === 'Orphan';
  return have;
}

function wantForeground(o: DeleteOptions, have: boolean): boolean {
  if (o.orphanDependents !== undefined) return !o.orphanDependents;
  if (o.propagationPolicy !== undefined) return o.propagationPolicy === 'Foreground';
  return have;
}

/** Marks a namespace Terminating (upstream's first-delete GuaranteedUpdate). */
function markTerminating(ns: Namespace, options: DeleteOptions, now: Date): Namespace {
  const next = structuredClone(ns);
  next.metadata.deletionTimestamp ??= rfc3339(now);
  next.status = { ...(next.status ?? {}), phase: 'Terminating' };
  const current = new Set(next.metadata.finalizers ?? []);
  const want = new Map([
    [orphanFinalizer, wantOrphan(options, current.has(orphanFinalizer))],
    [foregroundFinalizer, wantForeground(options, current.has(foregroundFinalizer))],
  ]);
  for (const [f, keep] of want) {
    if (keep) current.add(f);
    else current.delete(f);
  }
  if (current.size > 0) next.metadata.finalizers = [...current];
  else delete next.metadata.finalizers;
  return next;
}

export interface NamespaceStorage {
  store: Store;
  status: Getter & Updater;
  finalize: Updater;
}

export function newNamespaceStorage(opts: RESTOptions): NamespaceStorage {
  const options: StoreOptions<Namespace> = {
    restOptions: opts,
    qualifiedResource: { group: '', resource: 'namespaces' },
    kind: { group: '', version: 'v1', kind: 'Namespace' },
    createStrategy: namespaceStrategy,
    updateStrategy: namespaceStrategy,
    deleteStrategy: namespaceStrategy,
    returnDeletedObject: true,
    // A terminating namespace goes away on the update that leaves no finalizer of either kind.
    shouldDeleteDuringUpdate: (ns) => (ns.spec?.finalizers ?? []).length === 0,
    selectableFields: namespaceSelectableFields,
    tableConvertor: namespaceTableConvertor,
  };
  const generic = newStore(options);
  const finalizeStore = newStore<Namespace>({
    ...options,
    subresource: 'finalize',
    createStrategy: namespaceFinalizeStrategy,
    updateStrategy: namespaceFinalizeStrategy,
  });

  async function del(ctx: RequestContext, name: string, options: DeleteOptions = {}): Promise<DeleteResult> {
    const ns = (await generic.get(ctx, name)) as Namespace;
    if (ns.metadata.deletionTimestamp) {
      // Final deletion waits for the namespace controller to clear spec.finalizers.
      if ((ns.spec?.finalizers ?? []).length > 0) return { object: ns, deleted: false };
      return generic.delete(ctx, name, options);
    }
    const dryRun = (options.dryRun ?? []).includes('All');
    const preconditions = {
      ...(options.preconditions?.uid ? { uid: options.preconditions.uid } : {}),
      ...(options.preconditions?.resourceVersion ? { resourceVersion: options.preconditions.resourceVersion } : {}),
    };
    let out: KubeObject;
    try {
      if (dryRun) out = markTerminating(ns, options, new Date());
      else
        out = await opts.storage.guaranteedUpdate(
          generic.keyFor(ctx, name),
          (current) => markTerminating(current as Namespace, options, new Date()),
          { preconditions },
        );
    } catch (err) {
      throw interpretUpdateError(
        interpretGetError(err, generic.qualifiedResource, name),
        generic.qualifiedResource,
        name,
      );
    }
    return { object: { ...out, apiVersion: 'v1', kind: 'Namespace' }, deleted: false };
  }

  return {
    store: { ...generic, delete: del },
    status: newStatusStorage(options, namespaceStatusStrategy),
    finalize: { update: (ctx, name, info, o) => finalizeStore.update(ctx, name, info, o) },
  };
}
