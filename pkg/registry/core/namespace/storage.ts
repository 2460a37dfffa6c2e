/**
 * Namespace storage (mirrors pkg/registry/core/namespace/storage/storage.go). Deleting a namespace
 * is a two-step affair, as upstream:
 *
 *   DELETE (first)  → deletionTimestamp set, status.phase Terminating; the object stays (202-style, deleted=false)
 *   namespace controller empties it and removes `kubernetes` from spec.finalizers via /finalize;
 *   that update removes the namespace when metadata.finalizers is empty too
 *   DELETE (again)  → with spec.finalizers empty, the generic delete runs (metadata.finalizers still honoured)
 */
import type { Namespace } from '../../../apis/core/v1/types.js';
import type { DeleteOptions } from '../../../apis/meta/v1/types.js';
import { namespaceTableConvertor } from '../../../printers/internalversion/printers-core.js';
import type { RESTOptions } from '../../generic/options.js';
import { newRegistryStore, type Store } from '../../generic/registry/store.js';
import type { RequestContext } from '../../../endpoints/request/context.js';
import { rfc3339 } from '../../rest/create.js';
import type { DeleteResult, Updater } from '../../rest/rest.js';
import { newStatusREST, type StatusREST } from '../../subresource/status.js';
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
function markTerminating(next: Namespace, options: DeleteOptions, now: Date): Namespace {
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
  store: Store<Namespace>;
  status: StatusREST<Namespace>;
  finalize: Updater<Namespace>;
}

export function newNamespaceStorage(opts: RESTOptions): NamespaceStorage {
  const generic = newRegistryStore<Namespace>(opts, {
    resource: { group: '', version: 'v1', resource: 'namespaces', kind: 'Namespace' },
    strategy: namespaceStrategy,
    returnDeletedObject: true,
    // A terminating namespace goes away on the update that leaves no finalizer of either kind.
    shouldDeleteDuringUpdate: (ns) => (ns.spec?.finalizers ?? []).length === 0,
    selectableFields: namespaceSelectableFields,
    tableConvertor: namespaceTableConvertor,
  });
  const finalizeStore = generic.forSubresource('finalize', namespaceFinalizeStrategy);

  async function del(ctx: RequestContext, name: string, options: DeleteOptions = {}): Promise<DeleteResult<Namespace>> {
    const ns = await generic.get(ctx, name);
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
    const object = dryRun
      ? markTerminating(ns, options, new Date())
      : await generic.guaranteedUpdate(
          ctx,
          name,
          (current) => markTerminating(current, options, new Date()),
          preconditions,
        );
    return { object, deleted: false };
  }

  return {
    store: { ...generic, delete: del },
    status: newStatusREST(generic, namespaceStatusStrategy),
    finalize: { update: (ctx, name, info, o) => finalizeStore.update(ctx, name, info, o) },
  };
}
