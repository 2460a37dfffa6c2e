/**
 * The namespaced bootstrap roles (mirrors bootstrappolicy/namespace_policy.go): leader-locking and
 * authentication-config reading in kube-system, and the bootstrap signer's access to the
 * cluster-info ConfigMap in kube-public.
 */
import type { Role, RoleBinding } from '../../../apis/rbac/v1/types.js';
import { namespacedRole, roleBinding, rule, serviceAccount, user } from './helpers.js';
import { eventsRule, kubeControllerManagerUser, kubeSchedulerUser, legacyGroup } from './policy.js';

const kubeSystem = 'kube-system';
const kubePublic = 'kube-public';

/** namespace → its bootstrap Roles (upstream NamespaceRoles()). */
export function namespaceRoles(): Record<string, Role[]> {
  return {
    [kubeSystem]: [
      namespacedRole(kubeSystem, 'extension-apiserver-authentication-reader', [
        rule(['get', 'list', 'watch'], {
          groups: [legacyGroup],
          resources: ['configmaps'],
          names: ['extension-apiserver-authentication'],
        }),
      ]),
      namespacedRole(kubeSystem, 'system::leader-locking-kube-controller-manager', [
        rule(['watch'], { groups: [legacyGroup], resources: ['configmaps'] }),
        rule(['get', 'update'], {
          groups: [legacyGroup],
          resources: ['configmaps'],
          names: ['kube-controller-manager'],
        }),
      ]),
      namespacedRole(kubeSystem, 'system::leader-locking-kube-scheduler', [
        rule(['watch'], { groups: [legacyGroup], resources: ['configmaps'] }),
        rule(['get', 'update'], { groups: [legacyGroup], resources: ['configmaps'], names: ['kube-scheduler'] }),
      ]),
      namespacedRole(kubeSystem, 'system:controller:bootstrap-signer', [
        rule(['get', 'list', 'watch'], { groups: [legacyGroup], resources: ['secrets'] }),
      ]),
      namespacedRole(kubeSystem, 'system:controller:cloud-provider', [
        rule(['create', 'get', 'list', 'watch'], { groups: [legacyGroup], resources: ['configmaps'] }),
      ]),
      namespacedRole(kubeSystem, 'system:controller:token-cleaner', [
        rule(['delete', 'get', 'list', 'watch'], { groups: [legacyGroup], resources: ['secrets'] }),
        eventsRule(),
      ]),
    ],
    [kubePublic]: [
      namespacedRole(kubePublic, 'system:controller:bootstrap-signer', [
        rule(['get', 'list', 'watch'], { groups: [legacyGroup], resources: ['configmaps'] }),
        rule(['update'], { groups: [legacyGroup], resources: ['configmaps'], names: ['cluster-info'] }),
        eventsRule(),
      ]),
    ],
  };
}

/** namespace → its bootstrap RoleBindings (upstream NamespaceRoleBindings()). */
export function namespaceRoleBindings(): Record<string, RoleBinding[]> {
  return {
    [kubeSystem]: [
      roleBinding(
        kubeSystem,
        'extension-apiserver-authentication-reader',
        [user(kubeControllerManagerUser), user(kubeSchedulerUser)],
        'system::extension-apiserver-authentication-reader',
      ),
      roleBinding(kubeSystem, 'system::leader-locking-kube-controller-manager', [
        serviceAccount(kubeSystem, 'kube-controller-manager'),
        user(kubeControllerManagerUser),
      ]),
      roleBinding(kubeSystem, 'system::leader-locking-kube-scheduler', [
        serviceAccount(kubeSystem, 'kube-scheduler'),
        user(kubeSchedulerUser),
      ]),
      roleBinding(kubeSystem, 'system:controller:bootstrap-signer', [serviceAccount(kubeSystem, 'bootstrap-signer')]),
      roleBinding(kubeSystem, 'system:controller:cloud-provider', [serviceAccount(kubeSystem, 'cloud-provider')]),
      roleBinding(kubeSystem, 'system:controller:token-cleaner', [serviceAccount(kubeSystem, 'token-cleaner')]),
    ],
    [kubePublic]: [
      roleBinding(kubePublic, 'system:controller:bootstrap-signer', [serviceAccount(kubeSystem, 'bootstrap-signer')]),
    ],
  };
}
