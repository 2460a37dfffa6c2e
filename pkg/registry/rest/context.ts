/**
 * The request context every registry call receives (upstream passes these in a Go context.Context:
 * request.NamespaceFrom, request.UserFrom). The HTTP layer builds one per request; controllers and
 * bootstrap code running inside the apiserver build one with `newSystemContext`.
 */
import { allAuthenticated, systemPrivilegedGroup, type UserInfo } from '../../authentication/user/user.js';

export interface RequestContext {
  /**
   * The namespace from the URL path. Undefined (or '') for cluster-scoped resources and for
   * all-namespaces list/watch/deletecollection of namespaced ones. For create/update of a namespaced
   * resource it is required: the Store fills an empty `metadata.namespace` from it and rejects a
   * body whose namespace disagrees (400 BadRequest).
   */
  namespace?: string;
  user: UserInfo;
  /** Aborts when the client goes away or the request times out; long operations stop early. */
  signal?: AbortSignal;
  /**
   * Receives non-fatal warnings for the client (strategy warningsOnCreate/Update); the HTTP layer
   * sends them as `Warning: 299 - "<text>"` headers. Absent: warnings are dropped.
   */
  addWarning?: (text: string) => void;
}

/** The apiserver's own identity (upstream's loopback `system:apiserver`), for in-process callers. */
export const systemUser: UserInfo = { name: 'system:apiserver', groups: [systemPrivilegedGroup, allAuthenticated] };

/** A context for in-process callers (bootstrap, the namespace finalizer) acting as the apiserver itself. */
export function newSystemContext(namespace?: string, signal?: AbortSignal): RequestContext {
  const ctx: RequestContext = { user: systemUser };
  if (namespace !== undefined && namespace !== '') ctx.namespace = namespace;
  if (signal) ctx.signal = signal;
  return ctx;
}

/** The namespace of the request, '' when none (upstream request.NamespaceValue). */
export function namespaceValue(ctx: RequestContext): string {
  return ctx.namespace ?? '';
}
