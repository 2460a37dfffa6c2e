/** EndpointSlice storage (mirrors pkg/registry/discovery/endpointslice/storage/storage.go). */
import type { EndpointSlice } from '../../../apis/discovery/v1/types.js';
import { endpointSliceTableConvertor } from '../../../printers/internalversion/printers-other.js';
import type { RESTOptions } from '../../generic/options.js';
import { newRegistryStore, type Store } from '../../generic/registry/store.js';
import { endpointSliceStrategy } from './strategy.js';

export function newEndpointSliceStorage(opts: RESTOptions): Store<EndpointSlice> {
  return newRegistryStore(opts, {
    resource: { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices', kind: 'EndpointSlice' },
    strategy: endpointSliceStrategy,
    tableConvertor: endpointSliceTableConvertor,
  });
}
