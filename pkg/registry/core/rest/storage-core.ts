/**
 * The legacy core group, served at /api/v1 (mirrors pkg/registry/core/rest/storage_core.go):
 * every core/v1 resource with upstream's short names, categories and subresources.
 */
import type { Endpoints, Service } from '../../../apis/core/v1/types.js';
import { groupInfo, resourceInfo, storeInfo } from '../../catalog-helpers.js';
import type { RESTOptions } from '../../generic/options.js';
import type { Store } from '../../generic/registry/store.js';
import type { APIGroupInfo } from '../../rest/catalog.js';
import { newConfigMapStorage } from '../configmap/storage.js';
import { newEndpointsStorage } from '../endpoints/storage.js';
import { newEventStorage } from '../event/storage.js';
import { newLimitRangeStorage } from '../limitrange/storage.js';
import { newNamespaceStorage, type NamespaceStorage } from '../namespace/storage.js';
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

/** The core group, and the storages the control plane's own controllers use (upstream LegacyRESTStorage). */
export interface CoreAPIGroup {
  info: APIGroupInfo;
  namespaces: NamespaceStorage;
  services: Store<Service>;
  endpoints: Store<Endpoints>;
}

export function newCoreAPIGroup(opts: RESTOptions, allocators: ServiceAllocators): CoreAPIGroup {
  const v1 = { group: '', version: 'v1' };
  const pods = newPodStorage(opts);
  const namespaces = newNamespaceStorage(opts);
  const services = newServiceStorage(opts, allocators);
  const endpoints = newEndpointsStorage(opts);
  const all = ['all'];
  const binding = { name: 'binding', kind: { ...v1, kind: 'Binding' }, storage: pods.binding };
  const finalize = { name: 'finalize', kind: { ...v1, kind: 'Namespace' }, storage: namespaces.finalize };
  const info = groupInfo(v1, [
    // POST /api/v1/namespaces/<ns>/bindings: the pod is named by the Binding itself.
    resourceInfo(v1, 'bindings', 'Binding', true, {
      create: (ctx, obj, o) => pods.binding.createNamed(ctx, obj.metadata?.name ?? '', obj, o),
    }),
    storeInfo(newConfigMapStorage(opts), { shortNames: ['cm'] }),
    storeInfo(endpoints, { shortNames: ['ep'] }),
    storeInfo(newEventStorage(opts), { shortNames: ['ev'] }),
    storeInfo(newLimitRangeStorage(opts), { shortNames: ['limits'] }),
    storeInfo(namespaces, { shortNames: ['ns'], extra: [finalize] }),
    storeInfo(newNodeStorage(opts), { shortNames: ['no'] }),
    storeInfo(newPersistentVolumeClaimStorage(opts), { shortNames: ['pvc'] }),
    storeInfo(newPersistentVolumeStorage(opts), { shortNames: ['pv'] }),
    storeInfo(pods, { shortNames: ['po'], categories: all, extra: [binding] }),
    storeInfo(newPodTemplateStorage(opts)),
    storeInfo(newReplicationControllerStorage(opts), { shortNames: ['rc'], categories: all }),
    storeInfo(newResourceQuotaStorage(opts), { shortNames: ['quota'] }),
    storeInfo(newSecretStorage(opts)),
    storeInfo(newServiceAccountStorage(opts), { shortNames: ['sa'] }),
    storeInfo(services, { shortNames: ['svc'], categories: all }),
  ]);
  return { info, namespaces, services: services.store, endpoints };
}
