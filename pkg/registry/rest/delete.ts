/**
 * Delete policy for one resource (mirrors k8s.io/apiserver/pkg/registry/rest/delete.go
 * RESTDeleteStrategy and RESTGracefulDeleteStrategy).
 */
import { newConflict, newInvalid } from '../../api/errors/errors.js';
import type { DeleteOptions, KubeObject } from '../../apis/meta/v1/types.js';
import { invalid, notSupported, type FieldError } from '../../util/validation/field/errors.js';
import type { RequestContext } from '../../endpoints/request/context.js';
import { rfc3339, type GroupKind } from './create.js';

/**
 * What deleting an object does to its dependents when the request does not say (upstream
 * rest.GarbageCollectionPolicy): DeleteDependents (the default: background cascading),
 * OrphanDependents (the `orphan` finalizer is added, for kinds whose old API versions orphaned),
 * Unsupported (the garbage collector never handles the kind: no GC finalizer is ever added).
 */
export type GarbageCollectionPolicy = 'DeleteDependents' | 'OrphanDependents' | 'Unsupported';

export interface RESTDeleteStrategy {
  readonly namespaceScoped: boolean;
  /** Upstream GarbageCollectionDeleteStrategy.DefaultGarbageCollectionPolicy; unset: DeleteDependents. */
  readonly defaultGarbageCollectionPolicy?: GarbageCollectionPolicy;
}

/**
 * A resource whose objects are deleted gracefully (pods): the Store marks them with
 * deletionTimestamp + deletionGracePeriodSeconds instead of removing them at once, and something
 * else (the kubelet) finishes the delete with gracePeriodSeconds=0.
 */
export interface RESTGracefulDeleteStrategy<T extends KubeObject = KubeObject> {
  /**
   * Decides whether `obj` is deleted gracefully and may adjust `options.gracePeriodSeconds`
   * (e.g. fill it from the object's spec.terminationGracePeriodSeconds). Returns false for an
   * immediate delete. Called with a copy of the options; mutating them is how the grace period is chosen.
   */
  checkGracefulDelete(ctx: RequestContext, obj: T, options: DeleteOptions): boolean;
}

/** DeleteOptions problems (upstream meta/v1 validation ValidateDeleteOptions). */
export function validateDeleteOptions(options: DeleteOptions): FieldError[] {
  const errs: FieldError[] = [];
  const policy = options.propagationPolicy;
  if (options.orphanDependents !== undefined && policy !== undefined) {
    errs.push(invalid('propagationPolicy', policy, 'orphanDependents and deletionPropagation cannot be both set'));
  }
  if (policy !== undefined && policy !== 'Foreground' && policy !== 'Background' && policy !== 'Orphan') {
    errs.push(notSupported('propagationPolicy', policy, ['Foreground', 'Background', 'Orphan', 'nil']));
  }
  const dryRun = options.dryRun ?? [];
  if (dryRun.some((v) => v !== 'All')) errs.push(notSupported('dryRun', dryRun, ['All']));
  return errs;
}

export interface BeforeDeleteResult {
  /** Mark the object (deletionTimestamp in the future) instead of removing it now. */
  graceful: boolean;
  /** A graceful deletion is already under way and this request does not shorten it: change nothing. */
  gracefulPending: boolean;
}

/**
 * The common delete checks (upstream rest.BeforeDelete): options validation (422), early
 * precondition checks against `obj` (409 Conflict), negative grace periods treated as 1s, and for
 * graceful strategies the deletionTimestamp/deletionGracePeriodSeconds bookkeeping on `obj`
 * (which the Store then writes). Mutates `obj` and `options`.
 */
export function beforeDelete<T extends KubeObject>(
  strategy: RESTDeleteStrategy & Partial<RESTGracefulDeleteStrategy<T>>,
  ctx: RequestContext,
  obj: T,
  options: DeleteOptions,
  kind: GroupKind,
  now: Date = new Date(),
): BeforeDeleteResult {
  const errs = validateDeleteOptions(options);
  if (errs.length > 0) throw newInvalid({ group: 'meta.k8s.io', kind: 'DeleteOptions' }, '', errs);
  const meta = obj.metadata;
  // Upstream names the kind where a resource would normally stand in these two messages.
  const asResource = { group: kind.group, resource: kind.kind };
  const pre = options.preconditions;
  if (pre?.uid !== undefined && pre.uid !== (meta.uid ?? '')) {
    throw newConflict(
      asResource,
      meta.name ?? '',
      `the UID in the precondition (${pre.uid}) does not match the UID in record (${meta.uid ?? ''}). The object might have been deleted and then recreated`,
    );
  }
  if (pre?.resourceVersion !== undefined && pre.resourceVersion !== (meta.resourceVersion ?? '')) {
    throw newConflict(
      asResource,
      meta.name ?? '',
      `the ResourceVersion in the precondition (${pre.resourceVersion}) does not match the ResourceVersion in record (${meta.resourceVersion ?? ''}). The object might have been modified`,
    );
  }
  if (options.gracePeriodSeconds !== undefined && options.gracePeriodSeconds < 0) options.gracePeriodSeconds = 1;
  if (meta.deletionGracePeriodSeconds !== undefined && meta.deletionGracePeriodSeconds < 0)
    meta.deletionGracePeriodSeconds = 1;

  if (!strategy.checkGracefulDelete) return { graceful: false, gracefulPending: false };
  if (meta.deletionTimestamp) {
    const current = meta.deletionGracePeriodSeconds;
    // Already marked with no grace left: finish the delete now (recovers a delete that failed halfway).
    if (current === undefined || current === 0) return { graceful: false, gracefulPending: false };
    if (options.gracePeriodSeconds === undefined) {
      options.gracePeriodSeconds = current;
      return { graceful: false, gracefulPending: true };
    }
    // Only a shorter grace period may be requested; the deadline moves accordingly.
    const period = options.gracePeriodSeconds;
    if (period >= current) return { graceful: false, gracefulPending: true };
    const deadline = Date.parse(meta.deletionTimestamp) - current * 1000 + period * 1000;
    meta.deletionTimestamp = rfc3339(new Date(deadline));
    meta.deletionGracePeriodSeconds = period;
    return { graceful: true, gracefulPending: false };
  }
  if (!strategy.checkGracefulDelete(ctx, obj, options)) return { graceful: false, gracefulPending: false };
  const period = options.gracePeriodSeconds ?? 0;
  meta.deletionTimestamp = rfc3339(new Date(now.getTime() + period * 1000));
  meta.deletionGracePeriodSeconds = period;
  // Controllers must see that the object is going away, so the first marking bumps generation.
  if ((meta.generation ?? 0) > 0) meta.generation = (meta.generation ?? 0) + 1;
  return { graceful: true, gracefulPending: false };
}
