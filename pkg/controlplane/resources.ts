/**
 * Every built-in API group the apiserver serves from storage (mirrors the RESTStorageProviders
 * of pkg/controlplane/instance.go plus apiextensions-apiserver's CRD group); the API catalog
 * orders them for discovery by `builtinGroupPriority`.
 *
 *   const { groups } = newBuiltinAPIGroups(restOptions, { serviceIPs: newAllocator(storage, '10.96.0.0/12') });
 *
 * Groups without storage (authentication.k8s.io, authorization.k8s.io reviews) are added by
 * newControlPlane (instance.ts).
 */
import type { Endpoints, Service } from '../apis/core/v1/types.js';
import type { EndpointSlice } from '../apis/discovery/v1/types.js';
import type { PriorityClass } from '../apis/scheduling/v1/types.js';
import { newAPIExtensionsAPIGroup } from '../registry/apiextensions/rest/storage-apiextensions.js';
import { newAppsAPIGroup } from '../registry/apps/rest/storage-apps.js';
import { newBatchAPIGroup } from '../registry/batch/rest/storage-batch.js';
import { newCoordinationAPIGroup } from '../registry/coordination/rest/storage-coordination.js';
import type { NamespaceStorage } from '../registry/core/namespace/storage.js';
import { newCoreAPIGroup } from '../registry/core/rest/storage-core.js';
import type { Allocator } from '../registry/core/service/ipallocator/allocator.js';
import { defaultServiceNodePortRange, newPortAllocator } from '../registry/core/service/portallocator/allocator.js';
import { newDiscoveryAPIGroup } from '../registry/discovery/rest/storage-discovery.js';
import { newEventsAPIGroup } from '../registry/events/rest/storage-events.js';
import type { RESTOptions } from '../registry/generic/options.js';
import type { Store } from '../registry/generic/registry/store.js';
import { newNetworkingAPIGroup } from '../registry/networking/rest/storage-networking.js';
import { newPolicyAPIGroup } from '../registry/policy/rest/storage-policy.js';
import { newRBACAPIGroup } from '../registry/rbac/rest/storage-rbac.js';
import type { APIGroupInfo } from '../registry/rest/catalog.js';
import { defaultGroupPriority } from '../endpoints/catalog/catalog.js';
import { newSchedulingAPIGroup } from '../registry/scheduling/rest/storage-scheduling.js';
import { newStorageAPIGroup } from '../registry/storage/rest/storage-storage.js';

export interface BuiltinGroupsOptions {
  /** The service cluster IP allocator (--service-cluster-ip-range). */
  serviceIPs: Allocator;
}

/**
 * Upstream's order of groups in /apis and aggregated discovery (group priority), including groups
 * served by other code; a server merging its own groups in can sort by this.
 */
export const builtinGroupOrder: readonly string[] = [
  '',
  'apiregistration.k8s.io',
  'apps',
  'events.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'networking.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'storage.k8s.io',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'scheduling.k8s.io',
  'coordination.k8s.io',
  'node.k8s.io',
  'discovery.k8s.io',
  'resource.k8s.io',
  'flowcontrol.apiserver.k8s.io',
];

/**
 * A built-in group's discovery priority (higher first, as upstream's APIService
 * groupPriorityMinimum): ranked by `builtinGroupOrder`, every one above the default priority
 * custom resources get. Other groups get that default.
 */
export function builtinGroupPriority(group: string): number {
  const i = builtinGroupOrder.indexOf(group);
  return i < 0 ? defaultGroupPriority : 18000 - 100 * i;
}

export interface BuiltinAPIGroups {
  /** In upstream's discovery order. */
  groups: APIGroupInfo[];
  /** The stores the control plane's own work uses: bootstrap objects, namespace lifecycle and deletion. */
  namespaces: NamespaceStorage;
  services: Store<Service>;
  endpoints: Store<Endpoints>;
  endpointSlices: Store<EndpointSlice>;
  priorityClasses: Store<PriorityClass>;
}

export function newBuiltinAPIGroups(opts: RESTOptions, o: BuiltinGroupsOptions): BuiltinAPIGroups {
  // NodePorts come from upstream's default range (30000-32767); there is no flag to change it.
  const nodePort = newPortAllocator(
    opts.storage,
    defaultServiceNodePortRange,
    opts.keyRoot ? { keyRoot: opts.keyRoot } : {},
  );
  const core = newCoreAPIGroup(opts, { ip: o.serviceIPs, nodePort });
  const scheduling = newSchedulingAPIGroup(opts);
  const discovery = newDiscoveryAPIGroup(opts);
  const groups = [
    core.info,
    newAppsAPIGroup(opts),
    newEventsAPIGroup(opts),
    newBatchAPIGroup(opts),
    newNetworkingAPIGroup(opts),
    newPolicyAPIGroup(opts),
    newRBACAPIGroup(opts),
    newStorageAPIGroup(opts),
    newAPIExtensionsAPIGroup(opts),
    scheduling.info,
    newCoordinationAPIGroup(opts),
    discovery.info,
  ];
  return {
    groups,
    namespaces: core.namespaces,
    services: core.services,
    endpoints: core.endpoints,
    endpointSlices: discovery.endpointSlices,
    priorityClasses: scheduling.priorityClasses,
  };
}
