/** ServiceAccount storage (mirrors pkg/registry/core/serviceaccount/storage/storage.go). */
import type { RESTOptions } from '../../generic/options.js';
import { newStore, type Store } from '../../generic/registry/store.js';
import { serviceAccountTableConvertor } from '../../../printers/internalversion/printers-core.js';
import { serviceAccountStrategy } from './strategy.js';

export function newServiceAccountStorage(opts: RESTOptions): Store {
  return newStore({
    restOptions: opts,
    qualifiedResource: { group: '', resource: 'serviceaccounts' },
    kind: { group: '', version: 'v1', kind: 'ServiceAccount' },
    createStrategy: serviceAccountStrategy,
    updateStrategy: serviceAccountStrategy,
    deleteStrategy: serviceAccountStrategy,
    returnDeletedObject: true,
    tableConvertor: serviceAccountTableConvertor,
  });
}
