/** apps/v1 (mirrors pkg/registry/apps/rest/storage_apps.go). */
import { groupInfo, storeInfo } from '../../catalog-helpers.js';
import type { RESTOptions } from '../../generic/options.js';
import type { APIGroupInfo } from '../../rest/catalog.js';
import { newControllerRevisionStorage } from '../controllerrevision/storage.js';
import { newDaemonSetStorage } from '../daemonset/storage.js';
import { newDeploymentStorage } from '../deployment/storage.js';
import { newReplicaSetStorage } from '../replicaset/storage.js';
import { newStatefulSetStorage } from '../statefulset/storage.js';

export function newAppsAPIGroup(opts: RESTOptions): APIGroupInfo {
  const all = ['all'];
  return groupInfo({ group: 'apps', version: 'v1' }, [
    storeInfo(newControllerRevisionStorage(opts)),
    storeInfo(newDaemonSetStorage(opts), { shortNames: ['ds'], categories: all }),
    storeInfo(newDeploymentStorage(opts), { shortNames: ['deploy'], categories: all }),
    storeInfo(newReplicaSetStorage(opts), { shortNames: ['rs'], categories: all }),
    storeInfo(newStatefulSetStorage(opts), { shortNames: ['sts'], categories: all }),
  ]);
}
