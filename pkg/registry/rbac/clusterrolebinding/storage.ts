/** ClusterRoleBinding storage (mirrors pkg/registry/rbac/clusterrolebinding/storage/storage.go). */
import type { RoleBinding } from '../../../apis/rbac/v1/types.js';
import { clusterRoleBindingTableConvertor } from '../../../printers/internalversion/printers-other.js';
import type { RESTOptions } from '../../generic/options.js';
import { newRegistryStore, type Store } from '../../generic/registry/store.js';
import { clusterRoleBindingStrategy } from '../strategies.js';

export function newClusterRoleBindingStorage(opts: RESTOptions): Store<RoleBinding> {
  return newRegistryStore(opts, {
    resource: {
      group: 'rbac.authorization.k8s.io',
      version: 'v1',
      resource: 'clusterrolebindings',
      kind: 'ClusterRoleBinding',
    },
    strategy: clusterRoleBindingStrategy,
    tableConvertor: clusterRoleBindingTableConvertor,
  });
}
