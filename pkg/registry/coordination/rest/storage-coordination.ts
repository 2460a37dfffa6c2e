/** coordination.k8s.io/v1 (mirrors pkg/registry/coordination/rest/storage_coordination.go). */
import { groupInfo, storeInfo } from '../../catalog-helpers.js';
import type { RESTOptions } from '../../generic/options.js';
import type { APIGroupInfo } from '../../rest/catalog.js';
import { newLeaseStorage } from '../lease/storage.js';

export function newCoordinationAPIGroup(opts: RESTOptions): APIGroupInfo {
  return groupInfo({ group: 'coordination.k8s.io', version: 'v1' }, [storeInfo(newLeaseStorage(opts))]);
}
