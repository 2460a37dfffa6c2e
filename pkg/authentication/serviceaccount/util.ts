/**
 * Service-account identities (mirrors k8s.io/apiserver pkg/authentication/serviceaccount/util.go):
 * the user `system:serviceaccount:<namespace>:<name>` in the groups `system:serviceaccounts` and
 * `system:serviceaccounts:<namespace>`, with the pod/node/credential extras a bound token carries.
 */
import type { UserInfo } from '../user/user.js';
import { isDNS1123Label, isDNS1123Subdomain } from '../../util/validation/validation.js';

export const serviceAccountUsernamePrefix = 'system:serviceaccount:';
export const serviceAccountGroupPrefix = 'system:serviceaccounts:';
export const allServiceAccountsGroup = 'system:serviceaccounts';

/** Extra keys of a token-authenticated service account (upstream's constants). */
export const podNameKey = 'authentication.kubernetes.io/pod-name';
export const podUIDKey = 'authentication.kubernetes.io/pod-uid';
export const nodeNameKey = 'authentication.kubernetes.io/node-name';
export const nodeUIDKey = 'authentication.kubernetes.io/node-uid';
export const credentialIDKey = 'authentication.kubernetes.io/credential-id';

export function serviceAccountUsername(namespace: string, name: string): string {
  return `${serviceAccountUsernamePrefix}${namespace}:${name}`;
}

export function serviceAccountGroups(namespace: string): string[] {
  return [allServiceAccountsGroup, `${serviceAccountGroupPrefix}${namespace}`];
}

/**
 * `system:serviceaccount:<ns>:<name>` split into its parts, or undefined when the user name is not
 * of that form with a valid namespace and service-account name (upstream SplitUsername).
 */
export function splitServiceAccountUsername(username: string): { namespace: string; name: string } | undefined {
  if (!username.startsWith(serviceAccountUsernamePrefix)) return undefined;
  const parts = username.slice(serviceAccountUsernamePrefix.length).split(':');
  if (parts.length !== 2) return undefined;
  const [namespace = '', name = ''] = parts;
  if (isDNS1123Label(namespace).length > 0 || isDNS1123Subdomain(name).length > 0) return undefined;
  return { namespace, name };
}

/** What a validated service-account token says (upstream ServiceAccountInfo). */
export interface ServiceAccountInfo {
  namespace: string;
  name: string;
  uid: string;
  podName?: string;
  podUID?: string;
  nodeName?: string;
  nodeUID?: string;
  /** `JTI=<jti>` for tokens that carry an ID. */
  credentialID?: string;
}

/** The user a service account authenticates as (upstream ServiceAccountInfo.UserInfo). */
export function serviceAccountUserInfo(sa: ServiceAccountInfo): UserInfo {
  const info: UserInfo = {
    name: serviceAccountUsername(sa.namespace, sa.name),
    uid: sa.uid,
    groups: serviceAccountGroups(sa.namespace),
  };
  const extra: Record<string, string[]> = {};
  if (sa.podName && sa.podUID) {
    extra[podNameKey] = [sa.podName];
    extra[podUIDKey] = [sa.podUID];
  }
  if (sa.credentialID) extra[credentialIDKey] = [sa.credentialID];
  if (sa.nodeName) {
    extra[nodeNameKey] = [sa.nodeName];
    if (sa.nodeUID) extra[nodeUIDKey] = [sa.nodeUID];
  }
  if (Object.keys(extra).length > 0) info.extra = extra;
  return info;
}
