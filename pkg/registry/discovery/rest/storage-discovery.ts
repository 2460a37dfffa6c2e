/** discovery.k8s.io/v1 (mirrors pkg/registry/discovery/rest/storage_discovery.go). */
import { resourceInfo as info } from '../../catalog-helpers.js';
import type { RESTOptions } from '../../generic/options.js';
import type { APIGroupInfo } from '../../rest/catalog.js';
import { newEndpointSliceStorage } from '../endpointslice/storage.js';

const v1 = { group: 'discovery.k8s.io', version: 'v1' };

export function newDiscoveryAPIGroup(opts: RESTOptions): APIGroupInfo {
  return {
    group: v1.group,
    versions: [
      { version: 'v1', resources: [info(v1, 'endpointslices', 'EndpointSlice', true, newEndpointSliceStorage(opts))] },
    ],
  };
}
