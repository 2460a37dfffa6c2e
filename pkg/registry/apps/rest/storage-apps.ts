/** apps/v1 (mirrors pkg/registry/apps/rest/storage_apps.go). */
import { resourceInfo as info, subresourcesOf as subs } from '../../catalog-helpers.js';
import type { RESTOptions } from '../../generic/options.js';
import type { APIGroupInfo } from '../../rest/catalog.js';
import { newControllerRevisionStorage } from '../controllerrevision/storage.js';
import { newDaemonSetStorage } from '../daemonset/storage.js';
import { newDeploymentStorage } from '../deployment/storage.js';
import { newReplicaSetStorage } from '../replicaset/storage.js';
import { newStatefulSetStorage } from '../statefulset/storage.js';

const v1 = { group: 'apps', version: 'v1' };

export function newAppsAPIGroup(opts: RESTOptions): APIGroupInfo {
  const ds = newDaemonSetStorage(opts);
  const deploy = newDeploymentStorage(opts);
  const rs = newReplicaSetStorage(opts);
  const sts = newStatefulSetStorage(opts);
  const all = ['all'];
  return {
    group: 'apps',
    versions: [
      {
        version: 'v1',
        resources: [
          info(v1, 'controllerrevisions', 'ControllerRevision', true, newControllerRevisionStorage(opts)),
          info(v1, 'daemonsets', 'DaemonSet', true, ds.store, { shortNames: ['ds'], categories: all, ...subs(ds) }),
          info(v1, 'deployments', 'Deployment', true, deploy.store, {
            shortNames: ['deploy'],
            categories: all,
            ...subs(deploy),
          }),
          info(v1, 'replicasets', 'ReplicaSet', true, rs.store, { shortNames: ['rs'], categories: all, ...subs(rs) }),
          info(v1, 'statefulsets', 'StatefulSet', true, sts.store, {
            shortNames: ['sts'],
            categories: all,
            ...subs(sts),
          }),
        ],
      },
    ],
  };
}
