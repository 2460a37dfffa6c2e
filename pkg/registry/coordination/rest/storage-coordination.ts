/** coordination.k8s.io/v1 (mirrors pkg/registry/coordination/rest/storage_coordination.go). */
import { resourceInfo as info } from '../../catalog-helpers.js';
import type { RESTOptions } from '../../generic/options.js';
import type { APIGroupInfo } from '../../rest/catalog.js';
import { newLeaseStorage } from '../lease/storage.js';

const v1 = { group: 'coordination.k8s.io', version: 'v1' };

export function newCoordinationAPIGroup(opts: RESTOptions): APIGroupInfo {
  return {
    group: v1.group,
    versions: [{ version: 'v1', resources: [info(v1, 'leases', 'Lease', true, newLeaseStorage(opts))] }],
  };
}
