/** ResourceQuota storage with its status subresource (mirrors pkg/registry/core/resourcequota/storage/storage.go). */
import type { RESTOptions } from '../../generic/options.js';
import { newStore, type Store } from '../../generic/registry/store.js';
import type { StoreOptions } from '../../generic/registry/store-options.js';
import type { Getter, Updater } from '../../rest/rest.js';
import { newStatusStorage } from '../../subresource/status.js';
import type { ResourceQuota } from '../../../apis/core/v1/types.js';
import { resourceQuotaTableConvertor } from '../../../printers/internalversion/printers-core.js';
import { resourceQuotaStatusStrategy, resourceQuotaStrategy } from './strategy.js';

export function newResourceQuotaStorage(opts: RESTOptions): { store: Store; status: Getter & Updater } {
  const options: StoreOptions<ResourceQuota> = {
    restOptions: opts,
    qualifiedResource: { group: '', resource: 'resourcequotas' },
    kind: { group: '', version: 'v1', kind: 'ResourceQuota' },
    createStrategy: resourceQuotaStrategy,
    updateStrategy: resourceQuotaStrategy,
    deleteStrategy: resourceQuotaStrategy,
    tableConvertor: resourceQuotaTableConvertor,
  };
  return { store: newStore(options), status: newStatusStorage(options, resourceQuotaStatusStrategy) };
}
