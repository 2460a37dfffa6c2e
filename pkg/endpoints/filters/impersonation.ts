/**
 * Impersonation (mirrors k8s.io/apiserver pkg/endpoints/filters/impersonation.go): a user allowed
 * the `impersonate` verb may act as another user, service account, group, UID or user extra, with
 * `Impersonate-User`, `Impersonate-Group` (repeatable), `Impersonate-Uid` and
 * `Impersonate-Extra-<key>` headers (`kubectl --as/--as-group/--as-uid`). Each requested identity
 * is authorized separately; the first refusal answers 403 with upstream's message.
 *
 * A pure decision for the filter: the headers (as Node's `headersDistinct`, so repeated headers
 * stay separate), the authenticated requestor and the authorizer in; the user to continue as, a
 * Forbidden error, or upstream's internal error out.
 */
import type { StatusError } from '../../api/errors/errors.js';
import {
  serviceAccountGroups,
  serviceAccountUsername,
  splitServiceAccountUsername,
} from '../../authentication/serviceaccount/util.js';
import { allAuthenticated, allUnauthenticated, anonymousUser, type UserInfo } from '../../authentication/user/user.js';
import { forbiddenStatusError } from '../../authorization/authorizer/forbidden.js';
import type { Attributes, Authorizer } from '../../authorization/authorizer/interfaces.js';

export const impersonateUserHeader = 'impersonate-user';
export const impersonateGroupHeader = 'impersonate-group';
export const impersonateUIDHeader = 'impersonate-uid';
export const impersonateUserExtraHeaderPrefix = 'impersonate-extra-';

const authenticationV1 = 'authentication.k8s.io/v1';

export type ImpersonationResult =
  /** No impersonation headers: continue as the requestor. */
  | { kind: 'none' }
  /** Continue as `user`; `headersToRemove` are the impersonation headers, to strip before going on. */
  | { kind: 'impersonated'; user: UserInfo; headersToRemove: string[] }
  | { kind: 'forbidden'; error: StatusError }
  /**
   * Groups, extras or a UID without a user. Upstream answers this with a plain-text 500,
   * `Internal Server Error: "<request URI>": <message>` (http.Error), not a Status.
   */
  | { kind: 'internalError'; message: string };

/** One requested identity, in the fields of the ObjectReference upstream builds. */
interface ImpersonationRequest {
  kind: 'ServiceAccount' | 'User' | 'Group' | 'UserExtra' | 'UID';
  namespace: string;
  name: string;
  apiVersion: string;
  /** The extra key, for UserExtra (upstream keeps it in FieldPath). */
  fieldPath: string;
}

/** Node's IncomingMessage.headersDistinct: lower-case names, every value of repeated headers. */
export type DistinctHeaders = Readonly<Record<string, readonly string[] | undefined>>;

export function impersonate(
  headers: DistinctHeaders,
  requestor: UserInfo,
  authorizer: Authorizer,
): ImpersonationResult {
  const built = buildImpersonationRequests(headers);
  if ('error' in built) return { kind: 'internalError', message: built.error };
  const { requests, headersToRemove } = built;
  if (requests.length === 0) return { kind: 'none' };

  // Groups given explicitly are the whole truth (system:authenticated included or not).
  const groupsSpecified = (headers[impersonateGroupHeader] ?? []).length > 0;
  let username = '';
  let groups: string[] = [];
  const extra: Record<string, string[]> = {};
  let uid = '';
  for (const request of requests) {
    const [group = '', version = ''] = splitAPIVersion(request.apiVersion);
    const attrs: Attributes = {
      user: requestor,
      verb: 'impersonate',
      apiGroup: group,
      apiVersion: version,
      namespace: request.namespace,
      name: request.name,
      isResourceRequest: true,
    };
    switch (request.kind) {
      case 'ServiceAccount':
        attrs.resource = 'serviceaccounts';
        username = serviceAccountUsername(request.namespace, request.name);
        if (!groupsSpecified) groups = serviceAccountGroups(request.namespace);
        break;
      case 'User':
        attrs.resource = 'users';
        username = request.name;
        break;
      case 'Group':
        attrs.resource = 'groups';
        groups.push(request.name);
        break;
      case 'UserExtra':
        attrs.resource = 'userextras';
        attrs.subresource = request.fieldPath;
        extra[request.fieldPath] = [...(extra[request.fieldPath] ?? []), request.name];
        break;
      case 'UID':
        attrs.resource = 'uids';
        uid = request.name;
        break;
    }
    const { decision, reason } = authorizer.authorize(attrs);
    if (decision !== 'Allow') return { kind: 'forbidden', error: forbiddenStatusError(attrs, reason) };
  }

  if (username !== anonymousUser) {
    // A non-anonymous user is authenticated unless the caller said otherwise.
    if (!groups.includes(allAuthenticated) && !groups.includes(allUnauthenticated)) groups.push(allAuthenticated);
  } else if (!groups.includes(allUnauthenticated)) {
    groups.push(allUnauthenticated);
  }
  const user: UserInfo = { name: username, groups };
  if (uid !== '') user.uid = uid;
  if (Object.keys(extra).length > 0) user.extra = extra;
  return { kind: 'impersonated', user, headersToRemove };
}

function buildImpersonationRequests(
  headers: DistinctHeaders,
): { requests: ImpersonationRequest[]; headersToRemove: string[] } | { error: string } {
  const requests: ImpersonationRequest[] = [];
  const headersToRemove: string[] = [];
  const ref = (kind: ImpersonationRequest['kind'], name: string, extra: Partial<ImpersonationRequest> = {}) => ({
    kind,
    name,
    namespace: '',
    apiVersion: '',
    fieldPath: '',
    ...extra,
  });

  const requestedUser = headers[impersonateUserHeader]?.[0] ?? '';
  const hasUser = requestedUser !== '';
  if (headers[impersonateUserHeader]) headersToRemove.push(impersonateUserHeader);
  if (hasUser) {
    const sa = splitServiceAccountUsername(requestedUser);
    requests.push(sa ? ref('ServiceAccount', sa.name, { namespace: sa.namespace }) : ref('User', requestedUser));
  }

  const groupValues = headers[impersonateGroupHeader] ?? [];
  if (headers[impersonateGroupHeader]) headersToRemove.push(impersonateGroupHeader);
  for (const group of groupValues) requests.push(ref('Group', group));

  let hasUserExtra = false;
  for (const [name, values] of Object.entries(headers)) {
    if (!name.startsWith(impersonateUserExtraHeaderPrefix)) continue;
    headersToRemove.push(name);
    hasUserExtra = true;
    const key = unescapeExtraKey(name.slice(impersonateUserExtraHeaderPrefix.length).toLowerCase());
    for (const value of values ?? [])
      requests.push(ref('UserExtra', value, { apiVersion: authenticationV1, fieldPath: key }));
  }

  const requestedUID = headers[impersonateUIDHeader]?.[0] ?? '';
  if (headers[impersonateUIDHeader]) headersToRemove.push(impersonateUIDHeader);
  if (requestedUID !== '') requests.push(ref('UID', requestedUID, { apiVersion: authenticationV1 }));

  if ((groupValues.length > 0 || hasUserExtra || requestedUID !== '') && !hasUser) {
    return { error: `requested [${requests.map(goObjectReference).join(' ')}] without impersonating a user` };
  }
  return { requests, headersToRemove };
}

/** An extra key is %-encoded in its header name; a malformed encoding is kept as is. */
function unescapeExtraKey(encoded: string): string {
  try {
    return decodeURIComponent(encoded);
  } catch {
    return encoded;
  }
}

/** Go's %v of a core/v1 ObjectReference: `{Kind Namespace Name UID APIVersion ResourceVersion FieldPath}`. */
function goObjectReference(r: ImpersonationRequest): string {
  return `{${[r.kind, r.namespace, r.name, '', r.apiVersion, '', r.fieldPath].join(' ')}}`;
}

function splitAPIVersion(apiVersion: string): [string, string] {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
}
