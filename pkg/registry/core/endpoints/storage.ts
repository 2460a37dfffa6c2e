/** Endpoints storage (mirrors pkg/registry/core/endpoint/storage/storage.go): keys under services/endpoints, as upstream. */
import type { RESTOptions } from '../../generic/options.js';
import { newStore, type Store } from '../../generic/registry/store.js';
import { endpointsTableConvertor } from '../../../printers/internalversion/printers-core.js';
import { endpointsStrategy } from './strategy.js';

export function newEndpointsStorage(opts: RESTOptions): Store {
  return newStore({
    restOptions: opts,
    qualifiedResource: { group: '', resource: 'endpoints' },
    kind: { group: '', version: 'v1', kind: 'Endpoints' },
    resourcePrefix: 'services/endpoints',
    createStrategy: endpointsStrategy,
    updateStrategy: endpointsStrategy,
    deleteStrategy: endpointsStrategy,
    tableConvertor: endpointsTableConvertor,
  });
}
