/**
 * Create policy for one resource (mirrors k8s.io/apiserver/pkg/registry/rest/create.go
 * RESTCreateStrategy). A strategy holds only policy: it is synchronous and pure apart from mutating
 * the object it is handed, does no I/O, and never throws for bad input (it returns FieldErrors).
 * The generic Store (pkg/registry/generic/registry/store.ts) runs it in this order on create:
 *
 *   mutating admission → uid + creationTimestamp set, deletion fields and resourceVersion cleared
 *   → name generated from generateName (when name is empty; retried on collision)
 *   → metadata.namespace from the request (400 BadRequest if the body disagrees)
 *   → prepareForCreate → validate (422 Invalid) → ObjectMeta validation (422 Invalid)
 *   → warningsOnCreate → canonicalize → validating admission → storage.create
 *
 * metadata.generation is policy, as upstream: strategies of kinds that track it (deployments,
 * custom resources) call `initGeneration` from ./status.ts; configmaps or namespaces do not.
 */
import type { KubeObject } from '../../apis/meta/v1/types.js';
import type { FieldError } from '../../util/validation/field/errors.js';
import type { RequestContext } from './context.js';

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
