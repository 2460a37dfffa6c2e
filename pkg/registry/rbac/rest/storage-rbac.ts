/** rbac.authorization.k8s.io/v1 (mirrors pkg/registry/rbac/rest/storage_rbac.go). */
import { resourceInfo as info } from '../../catalog-helpers.js';
import type { RESTOptions } from '../../generic/options.js';
import type { APIGroupInfo } from '../../rest/catalog.js';
import { newClusterRoleBindingStorage } from '../clusterrolebinding/storage.js';
import { newClusterRoleStorage } from '../clusterrole/storage.js';
import { newRoleBindingStorage } from '../rolebinding/storage.js';
import { newRoleStorage } from '../role/storage.js';

const v1 = { group: 'rbac.authorization.k8s.io', version: 'v1' };

export function newRBACAPIGroup(opts: RESTOptions): APIGroupInfo {
  return {
    group: v1.group,
    versions: [
      {
        version: 'v1',
        resources: [
          info(v1, 'clusterrolebindings', 'ClusterRoleBinding', false, newClusterRoleBindingStorage(opts)),
          info(v1, 'clusterroles', 'ClusterRole', false, newClusterRoleStorage(opts)),
          info(v1, 'rolebindings', 'RoleBinding', true, newRoleBindingStorage(opts)),
          info(v1, 'roles', 'Role', true, newRoleStorage(opts)),
        ],
      },
    ],
  };
}
