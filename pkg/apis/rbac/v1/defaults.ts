/** rbac/v1 defaulting (mirrors pkg/apis/rbac/v1/defaults.go): API groups of roleRefs and subjects. */
import type { RoleBinding } from './types.js';

export const rbacGroupName = 'rbac.authorization.k8s.io';

export function setDefaultsRoleBinding(rb: RoleBinding): void {
  if (rb.roleRef && !rb.roleRef.apiGroup) rb.roleRef.apiGroup = rbacGroupName;
  for (const s of rb.subjects ?? []) {
    if (!s.apiGroup && (s.kind === 'User' || s.kind === 'Group')) s.apiGroup = rbacGroupName;
  }
}
