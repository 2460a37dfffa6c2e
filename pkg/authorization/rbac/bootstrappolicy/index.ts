/**
 * Everything the apiserver reconciles at first start and every start after (upstream
 * storage_rbac.go PolicyData): the cluster roles and the controllers' roles, their bindings, and
 * the namespaced roles and bindings of kube-system and kube-public.
 */
import type { ClusterRole, Role, RoleBinding } from '../../../apis/rbac/v1/types.js';
import { controllerRoleBindings, controllerRoles } from './controller_policy.js';
import { namespaceRoleBindings, namespaceRoles } from './namespace_policy.js';
import { clusterRoleBindings, clusterRoles } from './policy.js';

export interface PolicyData {
  clusterRoles: ClusterRole[];
  clusterRoleBindings: RoleBinding[];
  namespaceRoles: Record<string, Role[]>;
  namespaceRoleBindings: Record<string, RoleBinding[]>;
}

export function bootstrapPolicy(): PolicyData {
  return {
    clusterRoles: [...clusterRoles(), ...controllerRoles()],
    clusterRoleBindings: [...clusterRoleBindings(), ...controllerRoleBindings()],
    namespaceRoles: namespaceRoles(),
    namespaceRoleBindings: namespaceRoleBindings(),
  };
}
