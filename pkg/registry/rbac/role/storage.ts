/** Role storage (mirrors pkg/registry/rbac/role/storage/storage.go). */
import type { Role } from '../../../apis/rbac/v1/types.js';
import type { RESTOptions } from '../../generic/options.js';
import { newRegistryStore, type Store } from '../../generic/registry/store.js';
import { roleStrategy } from '../strategies.js';

export function newRoleStorage(opts: RESTOptions): Store<Role> {
  return newRegistryStore(opts, {
    resource: { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'roles', kind: 'Role' },
    strategy: roleStrategy,
  });
}
