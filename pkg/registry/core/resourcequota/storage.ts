/** ResourceQuota storage with its status subresource (mirrors pkg/registry/core/resourcequota/storage/storage.go). */
import type { ResourceQuota } from '../../../apis/core/v1/types.js';
import { resourceQuotaTableConvertor } from '../../../printers/internalversion/printers-core.js';
import type { RESTOptions } from '../../generic/options.js';
import { newRegistryStore } from '../../generic/registry/store.js';
import { newStatusREST } from '../../subresource/status.js';
import { resourceQuotaStatusStrategy, resourceQuotaStrategy } from './strategy.js';

export function newResourceQuotaStorage(opts: RESTOptions) {
  const store = newRegistryStore<ResourceQuota>(opts, {
    resource: { group: '', version: 'v1', resource: 'resourcequotas', kind: 'ResourceQuota' },
    strategy: resourceQuotaStrategy,
    tableConvertor: resourceQuotaTableConvertor,
  });
  return { store, status: newStatusREST(store, resourceQuotaStatusStrategy) };
}
