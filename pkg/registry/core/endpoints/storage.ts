/** Endpoints storage (mirrors pkg/registry/core/endpoint/storage/storage.go): keys under services/endpoints, as upstream. */
import type { Endpoints } from '../../../apis/core/v1/types.js';
import { endpointsTableConvertor } from '../../../printers/internalversion/printers-core.js';
import type { RESTOptions } from '../../generic/options.js';
import { newRegistryStore, type Store } from '../../generic/registry/store.js';
import { endpointsStrategy } from './strategy.js';

export function newEndpointsStorage(opts: RESTOptions): Store<Endpoints> {
  return newRegistryStore(opts, {
    resource: { group: '', version: 'v1', resource: 'endpoints', kind: 'Endpoints' },
    resourcePrefix: 'services/endpoints',
    strategy: endpointsStrategy,
    tableConvertor: endpointsTableConvertor,
  });
}
