/** ClusterRole storage (mirrors pkg/registry/rbac/clusterrole/storage/storage.go). */
import type { ClusterRole } from '../../../apis/rbac/v1/types.js';
import type { RESTOptions } from '../../generic/options.js';
import { newRegistryStore, type Store } from '../../generic/registry/store.js';
import { clusterRoleStrategy } from '../strategies.js';

export function newClusterRoleStorage(opts: RESTOptions): Store<ClusterRole> {
  return newRegistryStore(opts, {
    resource: { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterroles', kind: 'ClusterRole' },
    strategy: clusterRoleStrategy,
  });
}
