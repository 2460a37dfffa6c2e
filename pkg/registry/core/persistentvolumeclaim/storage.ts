/** PersistentVolumeClaim storage with its status subresource (mirrors pkg/registry/core/persistentvolumeclaim/storage/storage.go). */
import type { PersistentVolumeClaim } from '../../../apis/core/v1/types.js';
import type { RESTOptions } from '../../generic/options.js';
import { newStore, type Store } from '../../generic/registry/store.js';
import type { StoreOptions } from '../../generic/registry/store-options.js';
import type { Getter, Updater } from '../../rest/rest.js';
import { newStatusStorage } from '../../subresource/status.js';
import { persistentVolumeClaimTableConvertor } from '../../../printers/internalversion/printers-core.js';
import { persistentVolumeClaimStatusStrategy, persistentVolumeClaimStrategy } from './strategy.js';

export function newPersistentVolumeClaimStorage(opts: RESTOptions): { store: Store; status: Getter & Updater } {
  const options: StoreOptions<PersistentVolumeClaim> = {
    restOptions: opts,
    qualifiedResource: { group: '', resource: 'persistentvolumeclaims' },
    kind: { group: '', version: 'v1', kind: 'PersistentVolumeClaim' },
    createStrategy: persistentVolumeClaimStrategy,
    updateStrategy: persistentVolumeClaimStrategy,
    deleteStrategy: persistentVolumeClaimStrategy,
    returnDeletedObject: true,
    tableConvertor: persistentVolumeClaimTableConvertor,
  };
  return { store: newStore(options), status: newStatusStorage(options, persistentVolumeClaimStatusStrategy) };
}
