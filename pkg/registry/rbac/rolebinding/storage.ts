/** RoleBinding storage (mirrors pkg/registry/rbac/rolebinding/storage/storage.go). */
import type { RoleBinding } from '../../../apis/rbac/v1/types.js';
import { roleBindingTableConvertor } from '../../../printers/internalversion/printers-other.js';
import type { RESTOptions } from '../../generic/options.js';
import { newRegistryStore, type Store } from '../../generic/registry/store.js';
import { roleBindingStrategy } from '../strategies.js';

export function newRoleBindingStorage(opts: RESTOptions): Store<RoleBinding> {
  return newRegistryStore(opts, {
    resource: { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'rolebindings', kind: 'RoleBinding' },
    strategy: roleBindingStrategy,
    tableConvertor: roleBindingTableConvertor,
  });
}
