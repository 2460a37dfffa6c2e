/** discovery.k8s.io/v1 (mirrors pkg/registry/discovery/rest/storage_discovery.go). */
import type { EndpointSlice } from '../../../apis/discovery/v1/types.js';
import { groupInfo, storeInfo } from '../../catalog-helpers.js';
import type { RESTOptions } from '../../generic/options.js';
import type { Store } from '../../generic/registry/store.js';
import type { APIGroupInfo } from '../../rest/catalog.js';
import { newEndpointSliceStorage } from '../endpointslice/storage.js';

/** The group, and its EndpointSlice store (the control plane keeps the kubernetes service's slice). */
export interface DiscoveryAPIGroup {
  info: APIGroupInfo;
  endpointSlices: Store<EndpointSlice>;
}

export function newDiscoveryAPIGroup(opts: RESTOptions): DiscoveryAPIGroup {
  const endpointSlices = newEndpointSliceStorage(opts);
  return { info: groupInfo({ group: 'discovery.k8s.io', version: 'v1' }, [storeInfo(endpointSlices)]), endpointSlices };
}
