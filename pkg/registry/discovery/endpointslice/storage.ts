/** EndpointSlice storage (mirrors pkg/registry/discovery/endpointslice/storage/storage.go). */
import type { EndpointSlice } from '../../../apis/discovery/v1/types.js';
import { endpointSliceTableConvertor } from '../../../printers/internalversion/printers-other.js';
import type { RESTOptions } from '../../generic/options.js';
import type { Store } from '../../generic/registry/store.js';
import { newResourceStore } from '../../storage-helpers.js';
import { endpointSliceStrategy } from './strategy.js';

export function newEndpointSliceStorage(opts: RESTOptions): Store {
  return newResourceStore<EndpointSlice>(opts, {
    qualifiedResource: { group: 'discovery.k8s.io', resource: 'endpointslices' },
    kind: { group: 'discovery.k8s.io', version: 'v1', kind: 'EndpointSlice' },
    strategy: endpointSliceStrategy,
    tableConvertor: endpointSliceTableConvertor,
  });
}
