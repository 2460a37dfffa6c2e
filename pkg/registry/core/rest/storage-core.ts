/**
 * The legacy core group, served at /api/v1 (mirrors pkg/registry/core/rest/storage_core.go):
 * every core/v1 resource with upstream's short names, categories and subresources.
 */
import type { KubeObject } from '../../../apis/meta/v1/types.js';
import { resourceInfo as info } from '../../catalog-helpers.js';
import type { RESTOptions } from '../../generic/options.js';
import type { APIGroupInfo } from '../../rest/catalog.js';
import type { RESTStorage } from '../../rest/rest.js';
import { newConfigMapStorage } from '../configmap/storage.js';
import { newEndpointsStorage } from '../endpoints/storage.js';
import { newEventStorage } from '../event/storage.js';
import { newLimitRangeStorage } from '../limitrange/storage.js';
import { newNamespaceStorage } from '../namespace/storage.js';
import { newNodeStorage } from '../node/storage.js';
import { newPersistentVolumeStorage } from '../persistentvolume/storage.js';
import { newPersistentVolumeClaimStorage } from '../persistentvolumeclaim/storage.js';
import { newPodStorage } from '../pod/storage.js';
import { newPodTemplateStorage } from '../podtemplate/storage.js';
import { newReplicationControllerStorage } from '../replicationcontroller/storage.js';
import { newResourceQuotaStorage } from '../resourcequota/storage.js';
import { newSecretStorage } from '../secret/storage.js';
import { newServiceAccountStorage } from '../serviceaccount/storage.js';
import type { ServiceAllocators } from '../service/alloc.js';
import { newServiceStorage } from '../service/storage.js';

const v1 = { group: '', version: 'v1' };

export function newCoreAPIGroup(opts: RESTOptions, allocators: ServiceAllocators): APIGroupInfo {
  const pods = newPodStorage(opts);
  const namespaces = newNamespaceStorage(opts);
  const services = newServiceStorage(opts, allocators);
  const nodes = newNodeStorage(opts);
  const pvs = newPersistentVolumeStorage(opts);
  const pvcs = newPersistentVolumeClaimStorage(opts);
  const rcs = newReplicationControllerStorage(opts);
  const quotas = newResourceQuotaStorage(opts);
  // POST /api/v1/namespaces/<ns>/bindings: the pod is named by the Binding itself.
  const bindings: RESTStorage = {
    create: (ctx, obj: KubeObject, o) => pods.binding.createNamed(ctx, obj.metadata?.name ?? '', obj, o),
  };
  const binding = { name: 'binding', kind: { ...v1, kind: 'Binding' }, storage: pods.binding };
  const finalize = { name: 'finalize', kind: { ...v1, kind: 'Namespace' }, storage: namespaces.finalize };
  return {
    group: '',
    versions: [
      {
        version: 'v1',
        resources: [
          info(v1, 'bindings', 'Binding', true, bindings),
          info(v1, 'configmaps', 'ConfigMap', true, newConfigMapStorage(opts), { shortNames: ['cm'] }),
          info(v1, 'endpoints', 'Endpoints', true, newEndpointsStorage(opts), { shortNames: ['ep'] }),
          info(v1, 'events', 'Event', true, newEventStorage(opts), { shortNames: ['ev'] }),
          info(v1, 'limitranges', 'LimitRange', true, newLimitRangeStorage(opts), { shortNames: ['limits'] }),
          info(v1, 'namespaces', 'Namespace', false, namespaces.store, {
            shortNames: ['ns'],
            status: namespaces.status,
            extra: [finalize],
          }),
          info(v1, 'nodes', 'Node', false, nodes.store, { shortNames: ['no'], status: nodes.status }),
          info(v1, 'persistentvolumeclaims', 'PersistentVolumeClaim', true, pvcs.store, {
            shortNames: ['pvc'],
            status: pvcs.status,
          }),
          info(v1, 'persistentvolumes', 'PersistentVolume', false, pvs.store, {
            shortNames: ['pv'],
            status: pvs.status,
          }),
          info(v1, 'pods', 'Pod', true, pods.store, {
            shortNames: ['po'],
            categories: ['all'],
            status: pods.status,
            extra: [binding],
          }),
          info(v1, 'podtemplates', 'PodTemplate', true, newPodTemplateStorage(opts)),
          info(v1, 'replicationcontrollers', 'ReplicationController', true, rcs.store, {
            shortNames: ['rc'],
            categories: ['all'],
            status: rcs.status,
            scale: rcs.scale,
          }),
          info(v1, 'resourcequotas', 'ResourceQuota', true, quotas.store, {
            shortNames: ['quota'],
            status: quotas.status,
          }),
          info(v1, 'secrets', 'Secret', true, newSecretStorage(opts)),
          info(v1, 'serviceaccounts', 'ServiceAccount', true, newServiceAccountStorage(opts), { shortNames: ['sa'] }),
          info(v1, 'services', 'Service', true, services.store, {
            shortNames: ['svc'],
            categories: ['all'],
            status: services.status,
          }),
        ],
      },
    ],
  };
}
