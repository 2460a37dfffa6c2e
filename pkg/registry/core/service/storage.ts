/**
 * Service storage (mirrors pkg/registry/core/service/storage/storage.go): services and
 * services/status, keys under `services/specs`, with cluster IP and node port allocation when
 * allocators are given (the apiserver always gives them; tests of pure policy may not).
 */
import type { Service } from '../../../apis/core/v1/types.js';
import { serviceTableConvertor } from '../../../printers/internalversion/printers-core.js';
import type { RESTOptions } from '../../generic/options.js';
import { newStore, type Store } from '../../generic/registry/store.js';
import type { StoreOptions } from '../../generic/registry/store-options.js';
import type { Getter, Updater } from '../../rest/rest.js';
import { newStatusStorage } from '../../subresource/status.js';
import { serviceAllocationHooks, type ServiceAllocators } from './alloc.js';
import { serviceStatusStrategy, serviceStrategy } from './strategy.js';

export function newServiceStorage(
  opts: RESTOptions,
  allocators?: ServiceAllocators,
): { store: Store; status: Getter & Updater } {
  const options: StoreOptions<Service> = {
    restOptions: opts,
    qualifiedResource: { group: '', resource: 'services' },
    kind: { group: '', version: 'v1', kind: 'Service' },
    resourcePrefix: 'services/specs',
    createStrategy: serviceStrategy,
    updateStrategy: serviceStrategy,
    deleteStrategy: serviceStrategy,
    returnDeletedObject: true,
    tableConvertor: serviceTableConvertor,
  };
  const store = newStore<Service>(allocators ? { ...options, ...serviceAllocationHooks(allocators) } : options);
  return { store, status: newStatusStorage(options, serviceStatusStrategy) };
}
