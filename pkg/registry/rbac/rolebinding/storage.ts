/** RoleBinding storage (mirrors pkg/registry/rbac/rolebinding/storage/storage.go). */
import type { RoleBinding } from '../../../apis/rbac/v1/types.js';
import { roleBindingTableConvertor } from '../../../printers/internalversion/printers-other.js';
import type { RESTOptions } from '../../generic/options.js';
import type { Store } from '../../generic/registry/store.js';
import { newResourceStore } from '../../storage-helpers.js';
import { roleBindingStrategy } from '../strategies.js';

export function newRoleBindingStorage(opts: RESTOptions): Store {
  return newResourceStore<RoleBinding>(opts, {
    qualifiedResource: { group: 'rbac.authorization.k8s.io', resource: 'rolebindings' },
    kind: { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'RoleBinding' },
    strategy: roleBindingStrategy,
    tableConvertor: roleBindingTableConvertor,
  });
}
