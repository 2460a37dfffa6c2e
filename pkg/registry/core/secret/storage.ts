/** Secret storage (mirrors pkg/registry/core/secret/storage/storage.go). */
import type { RESTOptions } from '../../generic/options.js';
import { newStore, type Store } from '../../generic/registry/store.js';
import { secretTableConvertor } from '../../../printers/internalversion/printers-core.js';
import { secretSelectableFields, secretStrategy } from './strategy.js';

export function newSecretStorage(opts: RESTOptions): Store {
  return newStore({
    restOptions: opts,
    qualifiedResource: { group: '', resource: 'secrets' },
    kind: { group: '', version: 'v1', kind: 'Secret' },
    createStrategy: secretStrategy,
    updateStrategy: secretStrategy,
    deleteStrategy: secretStrategy,
    selectableFields: secretSelectableFields,
    tableConvertor: secretTableConvertor,
  });
}
