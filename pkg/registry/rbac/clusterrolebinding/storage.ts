/** ClusterRoleBinding storage (mirrors pkg/registry/rbac/clusterrolebinding/storage/storage.go). */
import type { RoleBinding } from '../../../apis/rbac/v1/types.js';
import { clusterRoleBindingTableConvertor } from '../../../printers/internalversion/printers-other.js';
import type { RESTOptions } from '../../generic/options.js';
import type { Store } from '../../generic/registry/store.js';
import { newResourceStore } from '../../storage-helpers.js';
import { clusterRoleBindingStrategy } from '../strategies.js';

export function newClusterRoleBindingStorage(opts: RESTOptions): Store {
  return newResourceStore<RoleBinding>(opts, {
    qualifiedResource: { group: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings' },
    kind: { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRoleBinding' },
    strategy: clusterRoleBindingStrategy,
    tableConvertor: clusterRoleBindingTableConvertor,
  });
}
