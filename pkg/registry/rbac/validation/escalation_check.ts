/**
 * Who may grant more than they hold (mirrors pkg/registry/rbac/escalation_check.go and
 * helpers.go): members of system:masters always; a user allowed the `escalate` verb on roles or
 * clusterroles may write any role; a user allowed the `bind` verb on a role may bind it.
 */
import { systemPrivilegedGroup, type UserInfo } from '../../../authentication/user/user.js';
import type { KubeObject } from '../../../apis/meta/v1/types.js';
import type { RoleRef } from '../../../apis/rbac/v1/types.js';
import type { Authorizer } from '../../../authorization/authorizer/interfaces.js';
import { semanticDeepEqual } from '../../../api/validation/equality.js';

const rbacGroup = 'rbac.authorization.k8s.io';

/** system:masters may do anything: the apiserver's loopback identity is in it. */
export function escalationAllowed(user: UserInfo): boolean {
  return user.groups.includes(systemPrivilegedGroup);
}

/** The request a role write came in as: the URL's namespace and name ('' for a create by POST). */
export interface RoleRequest {
  resource: 'roles' | 'clusterroles';
  namespace: string;
  name: string;
}

/** Whether `user` may `escalate` the role the request addresses (upstream RoleEscalationAuthorized). */
export function roleEscalationAuthorized(user: UserInfo, request: RoleRequest, authorizer: Authorizer): boolean {
  const { decision } = authorizer.authorize({
    user,
    verb: 'escalate',
    apiGroup: rbacGroup,
    apiVersion: '*',
    resource: request.resource,
    name: request.name,
    namespace: request.namespace,
    isResourceRequest: true,
  });
  return decision === 'Allow';
}

/**
 * Whether `user` may `bind` the role a binding references, checked in the binding's namespace
 * ('' for a ClusterRoleBinding) so that binding rights can be delegated per namespace.
 */
export function bindingAuthorized(
  user: UserInfo,
  roleRef: RoleRef,
  bindingNamespace: string,
  authorizer: Authorizer,
): boolean {
  let resource: string;
  switch (roleRef.kind) {
    case 'ClusterRole':
      resource = 'clusterroles';
      break;
    case 'Role':
      resource = 'roles';
      break;
    default:
      return false;
  }
  const { decision } = authorizer.authorize({
    user,
    verb: 'bind',
    namespace: bindingNamespace,
    apiGroup: roleRef.apiGroup ?? '',
    resource,
    name: roleRef.name ?? '',
    isResourceRequest: true,
  });
  return decision === 'Allow';
}

/**
 * True when an update changes only what the garbage collector needs to change (owner references,
 * finalizers, managed fields): such updates are never escalations (upstream IsOnlyMutatingGCFields).
 */
export function isOnlyMutatingGCFields(obj: KubeObject, old: KubeObject | undefined): boolean {
  if (!old) return false;
  const copied = { ...obj, metadata: { ...(obj.metadata ?? {}) } };
  const oldMeta = old.metadata ?? {};
  copied.metadata.ownerReferences = oldMeta.ownerReferences;
  copied.metadata.finalizers = oldMeta.finalizers;
  copied.metadata.selfLink = oldMeta.selfLink;
  copied.metadata.managedFields = oldMeta.managedFields;
  return semanticDeepEqual(copied, old);
}
