/** ClusterRole storage (mirrors pkg/registry/rbac/clusterrole/storage/storage.go). */
import type { ClusterRole } from '../../../apis/rbac/v1/types.js';
import type { RESTOptions } from '../../generic/options.js';
import type { Store } from '../../generic/registry/store.js';
import { newResourceStore } from '../../storage-helpers.js';
import { clusterRoleStrategy } from '../strategies.js';

export function newClusterRoleStorage(opts: RESTOptions): Store {
  return newResourceStore<ClusterRole>(opts, {
    qualifiedResource: { group: 'rbac.authorization.k8s.io', resource: 'clusterroles' },
    kind: { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRole' },
    strategy: clusterRoleStrategy,
  });
}
