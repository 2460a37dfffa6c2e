/**
 * Update policy for one resource (mirrors k8s.io/apiserver/pkg/registry/rest/update.go
 * RESTUpdateStrategy) and the UpdatedObjectInfo callback the HTTP layer hands to Updater.update.
 * Like create strategies: synchronous, no I/O, FieldErrors instead of throws.
 *
 * The Store runs, inside storage.guaranteedUpdate (so possibly more than once on a conflict):
 *
 *   objInfo(current) → (absent + allowCreateOnUpdate or forceAllowCreate: the create path instead)
 *   → a body uid other than the stored one: 409 Conflict → mutating admission
 *   → resourceVersion check (empty: allowed only if allowUnconditionalUpdate; stale: 409 Conflict)
 *   → the resource's beginUpdate hook → metadata.namespace from the request, generation carried over
 *   → prepareForUpdate → system metadata restored (uid if omitted, creationTimestamp, deletion fields)
 *   → ObjectMeta validation + ObjectMeta update validation + validateUpdate → 422 Invalid
 *   → warningsOnUpdate → canonicalize → validating admission
 *   → write (nothing written if unchanged; an object marked for deletion left without finalizers is deleted)
 *
 * The main strategy of a resource with a status subresource keeps status from `old` and bumps
 * metadata.generation when (and only when) spec changes (specStatusStrategy, ../strategies.ts);
 * its status strategy (`pods/status`) keeps everything but status from `old`, so generation does
 * not move there (statusStrategy, ../subresource/status.ts).
 */
import { newInvalid } from '../../api/errors/errors.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../api/validation/objectmeta.js';
import { validatePathSegmentName } from '../../api/validation/path/name.js';
import type { KubeObject } from '../../apis/meta/v1/types.js';
import { Path, type FieldError } from '../../util/validation/field/errors.js';
import { namespaceValue, type RequestContext } from '../../endpoints/request/context.js';
import { ensureObjectNamespaceMatchesRequestNamespace, expectedNamespaceForScope, type GroupKind } from './create.js';

export interface RESTUpdateStrategy<T extends KubeObject = KubeObject> {
  readonly namespaceScoped: boolean;

  /** A PUT to a missing object creates it (configmaps, secrets, services: true; pods: false). */
  readonly allowCreateOnUpdate: boolean;

  /**
   * An update whose body has no metadata.resourceVersion is applied to whatever is current.
   * When false such an update fails with 422 Invalid on metadata.resourceVersion
   * ("must be specified for an update").
   */
  readonly allowUnconditionalUpdate: boolean;

  /**
   * Carries over what the user may not change through this endpoint (status on the main resource,
   * everything but status on /status) and bumps metadata.generation on spec changes. Mutates `obj`.
   */
  prepareForUpdate(ctx: RequestContext, obj: T, old: T): void;

  /** Every problem with the transition old → obj, kind-specific part only (ObjectMeta is the Store's). */
  validateUpdate(ctx: RequestContext, obj: T, old: T): FieldError[];

  warningsOnUpdate?(ctx: RequestContext, obj: T, old: T): string[];

  canonicalize?(obj: T): void;
}

/**
 * Produces the object to store from the current one (upstream rest.UpdatedObjectInfo.UpdatedObject).
 * PUT passes a function returning the request body; PATCH passes one applying the patch to
 * `current`. `current` is undefined when the object does not exist (the result is then a create,
 * if the strategy or `forceAllowCreate` allows it). It may run more than once (conflict retries),
 * so it must not have side effects, and it must not mutate `current`. Throw a StatusError to fail
 * the update (e.g. a patch that does not apply → 422/400).
 */
export type UpdatedObjectInfo<T extends KubeObject = KubeObject> = (current: T | undefined) => T | Promise<T>;

/**
 * A PUT body as UpdatedObjectInfo: the new object whatever the current one is. T is taken from the
 * Updater it is handed to (NoInfer), not narrowed to the literal type of `obj`.
 */
export function defaultUpdatedObjectInfo<T extends KubeObject>(obj: NoInfer<T>): UpdatedObjectInfo<T> {
  return () => structuredClone(obj);
}

/**
 * The common update steps (upstream rest.BeforeUpdate): namespace reconciliation, generation
 * carried from the stored object (users cannot set it), prepareForUpdate, system fields restored
 * (uid if omitted, creationTimestamp, deletion fields), then ObjectMeta update validation and the
 * kind's validateUpdate together → 422 Invalid; warnings; canonicalize.
 */
export function beforeUpdate<T extends KubeObject>(
  strategy: RESTUpdateStrategy<T>,
  ctx: RequestContext,
  obj: T,
  old: T,
  kind: GroupKind,
): void {
  const meta = obj.metadata;
  const oldMeta = old.metadata;
  ensureObjectNamespaceMatchesRequestNamespace(
    expectedNamespaceForScope(namespaceValue(ctx), strategy.namespaceScoped),
    meta,
  );
  if (oldMeta.generation === undefined) delete meta.generation;
  else meta.generation = oldMeta.generation;
  strategy.prepareForUpdate(ctx, obj, old);
  if (!meta.uid && oldMeta.uid) meta.uid = oldMeta.uid;
  if (oldMeta.creationTimestamp) meta.creationTimestamp = oldMeta.creationTimestamp;
  if (oldMeta.deletionTimestamp) meta.deletionTimestamp = oldMeta.deletionTimestamp;
  if (oldMeta.deletionGracePeriodSeconds !== undefined && meta.deletionGracePeriodSeconds === undefined) {
    meta.deletionGracePeriodSeconds = oldMeta.deletionGracePeriodSeconds;
  }
  const metaPath = Path.root('metadata');
  const errs = [
    ...validateObjectMeta(meta, strategy.namespaceScoped, validatePathSegmentName, metaPath),
    ...validateObjectMetaUpdate(meta, oldMeta, metaPath),
    ...strategy.validateUpdate(ctx, obj, old),
  ];
  if (errs.length > 0) throw newInvalid(kind, meta.name ?? '', errs);
  for (const w of strategy.warningsOnUpdate?.(ctx, obj, old) ?? []) ctx.addWarning?.(w);
  strategy.canonicalize?.(obj);
}
