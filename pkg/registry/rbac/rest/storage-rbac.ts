/** rbac.authorization.k8s.io/v1 (mirrors pkg/registry/rbac/rest/storage_rbac.go). */
import { groupInfo, storeInfo } from '../../catalog-helpers.js';
import type { RESTOptions } from '../../generic/options.js';
import type { APIGroupInfo } from '../../rest/catalog.js';
import { newClusterRoleBindingStorage } from '../clusterrolebinding/storage.js';
import { newClusterRoleStorage } from '../clusterrole/storage.js';
import { newRoleBindingStorage } from '../rolebinding/storage.js';
import { newRoleStorage } from '../role/storage.js';

export function newRBACAPIGroup(opts: RESTOptions): APIGroupInfo {
  return groupInfo({ group: 'rbac.authorization.k8s.io', version: 'v1' }, [
    storeInfo(newClusterRoleBindingStorage(opts)),
    storeInfo(newClusterRoleStorage(opts)),
    storeInfo(newRoleBindingStorage(opts)),
    storeInfo(newRoleStorage(opts)),
  ]);
}
