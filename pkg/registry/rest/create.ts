/**
 * Create policy for one resource (mirrors k8s.io/apiserver/pkg/registry/rest/create.go
 * RESTCreateStrategy). A strategy holds only policy: it is synchronous and pure apart from mutating
 * the object it is handed, does no I/O, and never throws for bad input (it returns FieldErrors).
 * The generic Store (pkg/registry/generic/registry/store.ts) runs it in this order on create:
 *
 *   mutating admission → uid + creationTimestamp set
 *   → name generated from generateName (when name is empty; retried on collision)
 *   → the resource's beginCreate hook (a service's address allocation)
 *   → metadata.namespace from the request (400 BadRequest if the body disagrees), deletion fields cleared
 *   → prepareForCreate → validate (422 Invalid) → ObjectMeta validation (422 Invalid)
 *   → warningsOnCreate → canonicalize → validating admission → storage.create
 *
 * metadata.resourceVersion is not cleared: anything but '' or '0' fails the create with 500
 * InternalError, as upstream's storage refuses it. metadata.generation is policy, as upstream:
 * specStatusStrategy (../strategies.ts) starts it at 1 for kinds that track it (deployments,
 * jobs); configmaps or namespaces have none.
 */
import { randomUUID } from 'node:crypto';
import { newBadRequest, newInvalid } from '../../api/errors/errors.js';
import { validateObjectMeta } from '../../api/validation/objectmeta.js';
import { validatePathSegmentName } from '../../api/validation/path/name.js';
import type { KubeObject, ObjectMeta } from '../../apis/meta/v1/types.js';
import { Path, type FieldError } from '../../util/validation/field/errors.js';
import { namespaceValue, type RequestContext } from '../../endpoints/request/context.js';

export interface RESTCreateStrategy<T extends KubeObject = KubeObject> {
  /** True for namespaced resources (pods, configmaps); false for cluster-scoped ones (namespaces, nodes). */
  readonly namespaceScoped: boolean;

  /**
   * Normalizes the object before validation: clear fields a user may not set on create (status of
   * a resource with a status subresource), set defaults that depend on nothing but the object.
   * Mutates `obj` in place.
   */
  prepareForCreate(ctx: RequestContext, obj: T): void;

  /**
   * Every problem with a new object, kind-specific part only (including name format when the kind
   * restricts it, e.g. DNS-1123 labels): the Store validates generic ObjectMeta afterwards
   * (labels, annotations, namespace presence, …), as upstream BeforeCreate does. Must not mutate.
   */
  validate(ctx: RequestContext, obj: T): FieldError[];

  /** Non-fatal warnings returned to the client in `Warning` headers (e.g. deprecated fields). */
  warningsOnCreate?(ctx: RequestContext, obj: T): string[];

  /** Puts a valid object into canonical form (sorted lists, normalized quantities) before it is stored. */
  canonicalize?(obj: T): void;
}

/** The group and kind named in 422 Invalid messages (`Deployment.apps "x" is invalid`). */
export interface GroupKind {
  group: string;
  kind: string;
}

/** Sets what the system owns on a new object: uid and creationTimestamp (upstream FillObjectMetaSystemFields). */
export function fillObjectMetaSystemFields(meta: ObjectMeta, now: Date = new Date()): void {
  meta.creationTimestamp = rfc3339(now);
  meta.uid = randomUUID();
}

/** metav1.Time on the wire: RFC3339 with whole seconds, UTC. */
export function rfc3339(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The namespace an object of this scope must carry: the request's for namespaced kinds, none otherwise. */
export function expectedNamespaceForScope(requestNamespace: string, namespaceScoped: boolean): string {
  return namespaceScoped ? requestNamespace : '';
}

/**
 * Reconciles metadata.namespace with the request: fills it when empty, clears it for
 * cluster-scoped kinds, and rejects a body naming another namespace (400, upstream wording).
 */
export function ensureObjectNamespaceMatchesRequestNamespace(requestNamespace: string, meta: ObjectMeta): void {
  const objNamespace = meta.namespace ?? '';
  if (objNamespace === requestNamespace) return;
  if (objNamespace === '') meta.namespace = requestNamespace;
  else if (requestNamespace === '') delete meta.namespace;
  else throw newBadRequest('the namespace of the provided object does not match the namespace sent on the request');
  if (meta.namespace === '') delete meta.namespace;
}

/**
 * The common create steps after system fields and name generation (upstream rest.BeforeCreate):
 * namespace reconciliation, prepareForCreate, kind validation, then generic ObjectMeta
 * validation (after the kind's, so its more specific messages come first), warnings,
 * canonicalize. Throws 400 BadRequest or 422 Invalid.
 */
export function beforeCreate<T extends KubeObject>(
  strategy: RESTCreateStrategy<T>,
  ctx: RequestContext,
  obj: T,
  kind: GroupKind,
): void {
  const meta = obj.metadata;
  ensureObjectNamespaceMatchesRequestNamespace(
    expectedNamespaceForScope(namespaceValue(ctx), strategy.namespaceScoped),
    meta,
  );
  delete meta.deletionTimestamp;
  delete meta.deletionGracePeriodSeconds;
  strategy.prepareForCreate(ctx, obj);
  const kindErrs = strategy.validate(ctx, obj);
  if (kindErrs.length > 0) throw newInvalid(kind, meta.name ?? '', kindErrs);
  const metaErrs = validateObjectMeta(meta, strategy.namespaceScoped, validatePathSegmentName, Path.root('metadata'));
  if (metaErrs.length > 0) throw newInvalid(kind, meta.name ?? '', metaErrs);
  for (const w of strategy.warningsOnCreate?.(ctx, obj) ?? []) ctx.addWarning?.(w);
  strategy.canonicalize?.(obj);
}
