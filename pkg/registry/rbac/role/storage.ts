/** Role storage (mirrors pkg/registry/rbac/role/storage/storage.go). */
import type { Role } from '../../../apis/rbac/v1/types.js';
import type { RESTOptions } from '../../generic/options.js';
import type { Store } from '../../generic/registry/store.js';
import { newResourceStore } from '../../storage-helpers.js';
import { roleStrategy } from '../strategies.js';

export function newRoleStorage(opts: RESTOptions): Store {
  return newResourceStore<Role>(opts, {
    qualifiedResource: { group: 'rbac.authorization.k8s.io', resource: 'roles' },
    kind: { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'Role' },
    strategy: roleStrategy,
  });
}
