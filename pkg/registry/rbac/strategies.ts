/**
 * RBAC policy (mirrors pkg/registry/rbac/{role,rolebinding,clusterrole,clusterrolebinding}/strategy.go):
 * all four are created by PUT (as `kubectl auth reconcile` and bootstrap policy do) and updated
 * unconditionally. Upstream's escalation checks (a user may only grant what they hold) are not
 * enforced here: every authenticated writer is trusted as far as RBAC objects go.
 */
import { setDefaultsRoleBinding } from '../../apis/rbac/v1/defaults.js';
import type { ClusterRole, Role, RoleBinding } from '../../apis/rbac/v1/types.js';
import {
  validateClusterRole,
  validateClusterRoleBinding,
  validateClusterRoleBindingUpdate,
  validateClusterRoleUpdate,
  validateRole,
  validateRoleBinding,
  validateRoleBindingUpdate,
  validateRoleUpdate,
} from '../../apis/rbac/validation/validation.js';
import { plainStrategy } from '../strategies.js';

export const roleStrategy = plainStrategy<Role>({
  namespaced: true,
  allowCreateOnUpdate: true,
  validate: validateRole,
  validateUpdate: validateRoleUpdate,
});

export const clusterRoleStrategy = plainStrategy<ClusterRole>({
  namespaced: false,
  allowCreateOnUpdate: true,
  validate: validateClusterRole,
  validateUpdate: validateClusterRoleUpdate,
});

export const roleBindingStrategy = plainStrategy<RoleBinding>({
  namespaced: true,
  allowCreateOnUpdate: true,
  defaults: setDefaultsRoleBinding,
  validate: validateRoleBinding,
  validateUpdate: validateRoleBindingUpdate,
});

export const clusterRoleBindingStrategy = plainStrategy<RoleBinding>({
  namespaced: false,
  allowCreateOnUpdate: true,
  defaults: setDefaultsRoleBinding,
  validate: validateClusterRoleBinding,
  validateUpdate: validateClusterRoleBindingUpdate,
});
