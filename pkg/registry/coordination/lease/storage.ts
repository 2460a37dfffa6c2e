/** Lease storage (mirrors pkg/registry/coordination/lease/storage/storage.go). */
import type { Lease } from '../../../apis/coordination/v1/types.js';
import { leaseTableConvertor } from '../../../printers/internalversion/printers-other.js';
import type { RESTOptions } from '../../generic/options.js';
import { newRegistryStore, type Store } from '../../generic/registry/store.js';
import { leaseStrategy } from './strategy.js';

export function newLeaseStorage(opts: RESTOptions): Store<Lease> {
  return newRegistryStore(opts, {
    resource: { group: 'coordination.k8s.io', version: 'v1', resource: 'leases', kind: 'Lease' },
    strategy: leaseStrategy,
    tableConvertor: leaseTableConvertor,
  });
}
