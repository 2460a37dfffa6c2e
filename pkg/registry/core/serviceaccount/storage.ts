/** ServiceAccount storage (mirrors pkg/registry/core/serviceaccount/storage/storage.go). */
import type { ServiceAccount } from '../../../apis/core/v1/types.js';
import { serviceAccountTableConvertor } from '../../../printers/internalversion/printers-core.js';
import type { RESTOptions } from '../../generic/options.js';
import { newRegistryStore, type Store } from '../../generic/registry/store.js';
import { serviceAccountStrategy } from './strategy.js';

export function newServiceAccountStorage(opts: RESTOptions): Store<ServiceAccount> {
  return newRegistryStore(opts, {
    resource: { group: '', version: 'v1', resource: 'serviceaccounts', kind: 'ServiceAccount' },
    strategy: serviceAccountStrategy,
    returnDeletedObject: true,
    tableConvertor: serviceAccountTableConvertor,
  });
}
