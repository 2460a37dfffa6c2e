/** Lease storage (mirrors pkg/registry/coordination/lease/storage/storage.go). */
import type { Lease } from '../../../apis/coordination/v1/types.js';
import { leaseTableConvertor } from '../../../printers/internalversion/printers-other.js';
import type { RESTOptions } from '../../generic/options.js';
import type { Store } from '../../generic/registry/store.js';
import { newResourceStore } from '../../storage-helpers.js';
import { leaseStrategy } from './strategy.js';

export function newLeaseStorage(opts: RESTOptions): Store {
  return newResourceStore<Lease>(opts, {
    qualifiedResource: { group: 'coordination.k8s.io', resource: 'leases' },
    kind: { group: 'coordination.k8s.io', version: 'v1', kind: 'Lease' },
    strategy: leaseStrategy,
    tableConvertor: leaseTableConvertor,
  });
}
