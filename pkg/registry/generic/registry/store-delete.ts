/**
 * Deletion in the generic Store (mirrors upstream store.go Delete, updateForGracefulDeletionAndFinalizers,
 * deleteWithoutFinalizers, finalizeDelete, DeleteCollection):
 *
 *   get → beforeDelete (options, preconditions, grace period)
 *     ├─ graceful deletion already pending ............ answer with the object, change nothing
 *     ├─ finalizers, GC finalizers to add, or graceful ─ update: mark deletionTimestamp (+ grace) ─┬─ finalizers left / grace > 0 → deleted=false
 *     │                                                                     └─ grace 0 → delete now
 *     └─ otherwise ─ storage.delete (admission re-checked against the current object) → deleted=true
 *
 * Garbage collection (upstream deletionFinalizersForGarbageCollection): the propagation policy
 * (or the deprecated orphanDependents), else the object's own `orphan`/`foregroundDeletion`
 * finalizer, else the strategy's default policy decides which of the two the delete leaves on the
 * object: `orphan` (the garbage collector first removes the owner's ownerReferences from its
 * dependents), `foregroundDeletion` (it first deletes the dependents that block the owner), or
 * neither (background: the object goes now, the garbage collector deletes the dependents after).
 * As upstream, these finalizers are set whether or not a controller manager runs: without one the
 * object waits, marked, as it would on a real cluster.
 */
import { isNotFound, newNotFound } from '../../../api/errors/errors.js';
import type { DeleteOptions, KubeList, KubeObject, Status } from '../../../apis/meta/v1/types.js';
import * as klog from '../../../klog/klog.js';
import { isStorageError } from '../../../storage/errors/errors.js';
import type { Preconditions } from '../../../storage/interfaces.js';
import { finalizerDeleteDependents, finalizerOrphanDependents } from '../../../api/validation/objectmeta.js';
import type { RequestContext } from '../../../endpoints/request/context.js';
import { rfc3339 } from '../../rest/create.js';
import { beforeDelete, type RESTDeleteStrategy } from '../../rest/delete.js';
import type { DeleteResult, RESTListOptions, Lister } from '../../rest/rest.js';
import type { StoreCore } from './store-core.js';
import { interpretDeleteError, interpretUpdateError } from './storage-errors.js';

const isDryRun = (options: DeleteOptions) => (options.dryRun ?? []).includes('All');

/** Marks an object whose finalizers must run (upstream markAsDeleting): deletion now, no grace. */
export function markAsDeleting(obj: KubeObject, now: Date): void {
  const meta = obj.metadata;
  if (!meta.deletionTimestamp && (meta.generation ?? 0) > 0) meta.generation = (meta.generation ?? 0) + 1;
  if (!meta.deletionTimestamp || Date.parse(meta.deletionTimestamp) > now.getTime())
    meta.deletionTimestamp = rfc3339(now);
  meta.deletionGracePeriodSeconds = 0;
}

/** Whether the delete leaves the `orphan` finalizer (upstream shouldOrphanDependents). */
function shouldOrphanDependents(strategy: RESTDeleteStrategy, obj: KubeObject, options: DeleteOptions): boolean {
  const policy = strategy.defaultGarbageCollectionPolicy ?? 'DeleteDependents';
  if (policy === 'Unsupported') return false;
  if (options.orphanDependents !== undefined) return options.orphanDependents;
  if (options.propagationPolicy !== undefined) return options.propagationPolicy === 'Orphan';
  for (const f of obj.metadata.finalizers ?? []) {
    if (f === finalizerOrphanDependents) return true;
    if (f === finalizerDeleteDependents) return false;
  }
  return policy === 'OrphanDependents';
}

/** Whether the delete leaves the `foregroundDeletion` finalizer (upstream shouldDeleteDependents). */
function shouldDeleteDependents(strategy: RESTDeleteStrategy, obj: KubeObject, options: DeleteOptions): boolean {
  if (strategy.defaultGarbageCollectionPolicy === 'Unsupported') return false;
  if (options.orphanDependents !== undefined) return false;
  if (options.propagationPolicy !== undefined) return options.propagationPolicy === 'Foreground';
  for (const f of obj.metadata.finalizers ?? []) {
    if (f === finalizerDeleteDependents) return true;
    if (f === finalizerOrphanDependents) return false;
  }
  return false;
}

/**
 * The finalizers `obj` should carry for the garbage collector after this delete, or undefined when
 * they are already right (upstream deletionFinalizersForGarbageCollection).
 */
export function deletionFinalizersForGarbageCollection(
  strategy: RESTDeleteStrategy,
  obj: KubeObject,
  options: DeleteOptions,
): string[] | undefined {
  const current = obj.metadata.finalizers ?? [];
  const next = current.filter((f) => f !== finalizerOrphanDependents && f !== finalizerDeleteDependents);
  if (shouldOrphanDependents(strategy, obj, options)) next.push(finalizerOrphanDependents);
  if (shouldDeleteDependents(strategy, obj, options)) next.push(finalizerDeleteDependents);
  const same = new Set(current).size === new Set(next).size && next.every((f) => current.includes(f));
  return same ? undefined : next;
}

/** An update that empties the finalizers of a marked object deletes it (upstream ShouldDeleteDuringUpdate). */
export function shouldDeleteDuringUpdate(obj: KubeObject, existing: KubeObject): boolean {
  if ((obj.metadata.finalizers ?? []).length > 0) return false;
  if (!existing.metadata.deletionTimestamp) return false;
  const grace = existing.metadata.deletionGracePeriodSeconds;
  return grace === undefined || grace === 0;
}

/** Runs afterDelete (when the object is really gone) and shapes the answer: the object, or a Success Status naming it. */
export async function finalizeDelete<T extends KubeObject>(
  core: StoreCore<T>,
  obj: T,
  runHooks: boolean,
  options: DeleteOptions,
): Promise<T | Status> {
  if (runHooks && core.options.afterDelete) {
    try {
      await core.options.afterDelete(obj, options);
    } catch (err) {
      klog.error(err, 'afterDelete hook failed', { resource: core.gr.resource, name: obj.metadata.name });
    }
  }
  if (core.options.returnDeletedObject) return core.stamp(obj);
  const details: NonNullable<Status['details']> = { name: obj.metadata.name ?? '', kind: core.gr.resource };
  if (core.gr.group !== '') details.group = core.gr.group;
  if (obj.metadata.uid) details.uid = obj.metadata.uid;
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details, code: 200 };
}

function storagePreconditions(options: DeleteOptions): Preconditions | undefined {
  const pre = options.preconditions;
  if (!pre || (pre.uid === undefined && pre.resourceVersion === undefined)) return undefined;
  const out: Preconditions = {};
  if (pre.uid !== undefined) out.uid = pre.uid;
  if (pre.resourceVersion !== undefined) out.resourceVersion = pre.resourceVersion;
  return out;
}

class AlreadyDeleting extends Error {}
class DeleteNow extends Error {}

export async function deleteObject<T extends KubeObject>(
  core: StoreCore<T>,
  ctx: RequestContext,
  name: string,
  requestOptions: DeleteOptions = {},
): Promise<DeleteResult<T>> {
  const key = core.keyFor(ctx, name);
  const options: DeleteOptions = structuredClone(requestOptions);
  const dryRun = isDryRun(options);
  let obj: T;
  try {
    const stored = await core.storage.get(key);
    // Without ignoreNotFound the storage throws KeyNotFound instead of answering undefined.
    if (stored === undefined) throw newNotFound(core.gr, name);
    obj = core.stamp(stored);
  } catch (err) {
    throw interpretDeleteError(err, core.gr, name);
  }
  const validateDeletion = async (current: T) => {
    const attrs = core.attributes(ctx, 'DELETE', name, dryRun, undefined, structuredClone(current));
    await core.admission.admit(attrs, ctx.signal);
    await core.admission.validate(attrs, ctx.signal);
  };

  const { graceful, gracefulPending } = beforeDelete(core.options.strategy, ctx, obj, options, core.groupKind);
  if (gracefulPending) return { object: await finalizeDelete(core, obj, false, options), deleted: false };

  let preconditions = storagePreconditions(options);
  let ignoreNotFound = false;
  let lastExisting: T | undefined;
  const strategy = core.options.strategy;
  const gcFinalizersChange = deletionFinalizersForGarbageCollection(strategy, obj, options) !== undefined;
  if (graceful || (obj.metadata.finalizers ?? []).length > 0 || gcFinalizersChange) {
    // Mark the object: deletion timestamp and grace period, re-evaluated against fresh state on conflicts.
    let pendingFinalizers = false;
    let lastGraceful = 0;
    const mark = async (current: KubeObject | undefined): Promise<T> => {
      // guaranteedUpdate without ignoreNotFound fails on a missing key before calling this.
      if (current === undefined) throw newNotFound(core.gr, name);
      const existing = core.copy(current);
      await validateDeletion(existing);
      const attemptOptions = structuredClone(options);
      const r = beforeDelete(core.options.strategy, ctx, existing, attemptOptions, core.groupKind);
      if (r.gracefulPending) throw new AlreadyDeleting();
      // After the pending check: a deletion under way keeps the finalizers it started with.
      const gcFinalizers = deletionFinalizersForGarbageCollection(strategy, existing, attemptOptions);
      if (gcFinalizers?.length) existing.metadata.finalizers = gcFinalizers;
      else if (gcFinalizers) delete existing.metadata.finalizers;
      pendingFinalizers = (existing.metadata.finalizers ?? []).length > 0;
      if (!r.graceful) {
        if (!pendingFinalizers) throw new DeleteNow();
        markAsDeleting(existing, new Date());
        return existing;
      }
      lastGraceful = attemptOptions.gracePeriodSeconds ?? 0;
      lastExisting = existing;
      return existing;
    };
    let out: T;
    try {
      if (dryRun) out = await mark(obj);
      else out = core.stamp(await core.storage.guaranteedUpdate(key, mark, preconditions ? { preconditions } : {}));
    } catch (err) {
      if (err instanceof AlreadyDeleting)
        return { object: await finalizeDelete(core, obj, false, options), deleted: false };
      if (!(err instanceof DeleteNow)) throw interpretUpdateError(err, core.gr, name);
      out = obj;
    }
    if (pendingFinalizers || lastGraceful > 0) return { object: core.stamp(out), deleted: false };
    if (dryRun) return { object: core.stamp(out), deleted: true };
    // Graceless now: another component may race us to the delete, which is fine.
    ignoreNotFound = lastExisting !== undefined;
    if (preconditions?.resourceVersion !== undefined && out.metadata.resourceVersion) {
      preconditions = { ...preconditions, resourceVersion: out.metadata.resourceVersion };
    }
  }

  if (dryRun) {
    await validateDeletion(obj);
    return { object: await finalizeDelete(core, obj, true, options), deleted: true };
  }
  let deleted: KubeObject;
  try {
    deleted = await core.storage.delete(key, {
      ...(preconditions ? { preconditions } : {}),
      validateDeletion: (current) => validateDeletion(core.copy(current)),
    });
  } catch (err) {
    if (ignoreNotFound && lastExisting && isStorageError(err, 'KeyNotFound')) {
      return { object: await finalizeDelete(core, lastExisting, true, options), deleted: true };
    }
    throw interpretDeleteError(err, core.gr, name);
  }
  return { object: await finalizeDelete(core, core.stamp(deleted), true, options), deleted: true };
}

/**
 * The delete half of an update that removed the last finalizer of a marked object (upstream
 * deleteWithoutFinalizers). Admission already ran for the UPDATE; a concurrent delete is fine.
 * Answers with the object as the update left it, as upstream does for a PUT.
 */
export async function deleteWithoutFinalizers<T extends KubeObject>(
  core: StoreCore<T>,
  key: string,
  name: string,
  obj: T,
  seenResourceVersion: string,
  dryRun: boolean,
): Promise<T> {
  const options: DeleteOptions = dryRun ? { dryRun: ['All'] } : {};
  if (!dryRun) {
    try {
      const gone = await core.storage.delete(key, { preconditions: { resourceVersion: seenResourceVersion } });
      await finalizeDelete(core, core.stamp(gone), true, options);
    } catch (err) {
      if (!isStorageError(err, 'KeyNotFound')) throw interpretDeleteError(err, core.gr, name);
      await finalizeDelete(core, obj, true, options);
    }
  }
  return core.stamp(obj);
}

/**
 * Deletes every object the list options select, one by one, each exactly like a DELETE of it
 * (upstream DeleteCollection; not atomic: an error stops it with earlier objects already gone).
 * Objects that vanish meanwhile are skipped. Returns the list as it was before the deletes.
 */
export async function deleteCollection<T extends KubeObject>(
  core: StoreCore<T>,
  lister: Lister<T>,
  ctx: RequestContext,
  options: DeleteOptions | undefined,
  listOptions: RESTListOptions,
): Promise<KubeList<T>> {
  const list = await lister.list(ctx, listOptions);
  for (const item of list.items) {
    ctx.signal?.throwIfAborted();
    const itemCtx: RequestContext = { ...ctx };
    if (core.namespaced && item.metadata.namespace) itemCtx.namespace = item.metadata.namespace;
    try {
      await deleteObject(core, itemCtx, item.metadata.name ?? '', structuredClone(options ?? {}));
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
  }
  return list;
}
