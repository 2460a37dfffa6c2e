/**
 * Service storage (mirrors pkg/registry/core/service/storage/storage.go): services and
 * services/status, keys under `services/specs`, with cluster IP and node port allocation when
 * allocators are given (the apiserver always gives them; tests of pure policy may not).
 */
import type { Service } from '../../../apis/core/v1/types.js';
import { serviceTableConvertor } from '../../../printers/internalversion/printers-core.js';
import type { RESTOptions } from '../../generic/options.js';
import { newRegistryStore } from '../../generic/registry/store.js';
import { newStatusREST } from '../../subresource/status.js';
import { serviceAllocationHooks, type ServiceAllocators } from './alloc.js';
import { serviceStatusStrategy, serviceStrategy } from './strategy.js';

export function newServiceStorage(opts: RESTOptions, allocators?: ServiceAllocators) {
  const store = newRegistryStore<Service>(opts, {
    resource: { group: '', version: 'v1', resource: 'services', kind: 'Service' },
    resourcePrefix: 'services/specs',
    strategy: serviceStrategy,
    returnDeletedObject: true,
    tableConvertor: serviceTableConvertor,
    ...(allocators ? serviceAllocationHooks(allocators) : {}),
  });
  // The status store does not allocate: forSubresource leaves the allocation hooks behind.
  return { store, status: newStatusREST(store, serviceStatusStrategy) };
}
