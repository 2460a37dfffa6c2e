/** Secret storage (mirrors pkg/registry/core/secret/storage/storage.go). */
import type { Secret } from '../../../apis/core/v1/types.js';
import { secretTableConvertor } from '../../../printers/internalversion/printers-core.js';
import type { RESTOptions } from '../../generic/options.js';
import { newRegistryStore, type Store } from '../../generic/registry/store.js';
import { secretSelectableFields, secretStrategy } from './strategy.js';

export function newSecretStorage(opts: RESTOptions): Store<Secret> {
  return newRegistryStore(opts, {
    resource: { group: '', version: 'v1', resource: 'secrets', kind: 'Secret' },
    strategy: secretStrategy,
    selectableFields: secretSelectableFields,
    tableConvertor: secretTableConvertor,
  });
}
