/**
 * The escalation checks of upstream's policy-based RBAC storages
 * (pkg/registry/rbac/{role,clusterrole,rolebinding,clusterrolebinding}/policybased/storage.go), as
 * functions the role and binding strategies call before a create or update is stored. Each throws
 * a 403 Forbidden StatusError with upstream's wording, or returns when the write may proceed.
 */
import type { UserInfo } from '../../../authentication/user/user.js';
import type { ClusterRole, PolicyRule, Role, RoleBinding } from '../../../apis/rbac/v1/types.js';
import type { Authorizer } from '../../../authorization/authorizer/interfaces.js';
import { newForbiddenStatus } from '../../../authorization/authorizer/forbidden.js';
import {
  bindingAuthorized,
  escalationAllowed,
  isOnlyMutatingGCFields,
  type RoleRequest,
  roleEscalationAuthorized,
} from './escalation_check.js';
import { type AuthorizationRuleResolver, confirmNoEscalation } from './rule.js';

const rbacGroup = 'rbac.authorization.k8s.io';

/** To set or change an aggregationRule, which can gather anything, one must hold everything. */
const fullAuthority: readonly PolicyRule[] = [
  { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
  { verbs: ['*'], nonResourceURLs: ['*'] },
];

export interface EscalationCheckContext {
  user: UserInfo;
  authorizer: Authorizer;
  resolver: AuthorizationRuleResolver;
}

/**
 * A Role or ClusterRole write: allowed for system:masters and holders of `escalate`; otherwise the
 * writer must hold every rule (and everything, to use an aggregationRule). An update that only
 * touches garbage-collector fields always passes. `old` is the stored object for an update.
 */
export function checkRoleWrite(
  ctx: EscalationCheckContext,
  request: RoleRequest,
  obj: Role | ClusterRole,
  old?: Role | ClusterRole,
): void {
  if (escalationAllowed(ctx.user) || roleEscalationAuthorized(ctx.user, request, ctx.authorizer)) return;
  if (old && isOnlyMutatingGCFields(obj, old)) return;
  const name = obj.metadata?.name ?? '';
  const why = confirmNoEscalation(ctx.resolver, ctx.user, request.namespace, obj.rules ?? []);
  if (why !== undefined) throw newForbiddenStatus(rbacGroup, request.resource, name, why);
  if (request.resource === 'clusterroles' && (hasAggregationRule(obj) || hasAggregationRule(old))) {
    if (confirmNoEscalation(ctx.resolver, ctx.user, request.namespace, fullAuthority) !== undefined) {
      throw newForbiddenStatus(
        rbacGroup,
        request.resource,
        name,
        'must have cluster-admin privileges to use the aggregationRule',
      );
    }
  }
}

/**
 * A RoleBinding or ClusterRoleBinding write: allowed for system:masters and holders of `bind` on
 * the referenced role; otherwise the writer must hold every rule of the referenced role, which
 * must exist. `namespace` is the binding's ('' for a ClusterRoleBinding).
 */
export function checkBindingWrite(
  ctx: EscalationCheckContext,
  resource: 'rolebindings' | 'clusterrolebindings',
  namespace: string,
  obj: RoleBinding,
  old?: RoleBinding,
): void {
  if (escalationAllowed(ctx.user)) return;
  if (old && isOnlyMutatingGCFields(obj, old)) return;
  const roleRef = obj.roleRef ?? {};
  if (bindingAuthorized(ctx.user, roleRef, namespace, ctx.authorizer)) return;
  const name = obj.metadata?.name ?? '';
  let rules: readonly PolicyRule[];
  try {
    rules = ctx.resolver.getRoleReferenceRules(roleRef, namespace);
  } catch (err) {
    throw newForbiddenStatus(rbacGroup, resource, name, err instanceof Error ? err.message : String(err));
  }
  const why = confirmNoEscalation(ctx.resolver, ctx.user, namespace, rules);
  if (why !== undefined) throw newForbiddenStatus(rbacGroup, resource, name, why);
}

function hasAggregationRule(role: ClusterRole | undefined): boolean {
  return (role?.aggregationRule?.clusterRoleSelectors ?? []).length > 0;
}
