/** PersistentVolume storage with its status subresource (mirrors pkg/registry/core/persistentvolume/storage/storage.go). */
import type { PersistentVolume } from '../../../apis/core/v1/types.js';
import type { RESTOptions } from '../../generic/options.js';
import { newStore, type Store } from '../../generic/registry/store.js';
import type { StoreOptions } from '../../generic/registry/store-options.js';
import type { Getter, Updater } from '../../rest/rest.js';
import { newStatusStorage } from '../../subresource/status.js';
import { persistentVolumeTableConvertor } from '../../../printers/internalversion/printers-core.js';
import { persistentVolumeStatusStrategy, persistentVolumeStrategy } from './strategy.js';

export function newPersistentVolumeStorage(opts: RESTOptions): { store: Store; status: Getter & Updater } {
  const options: StoreOptions<PersistentVolume> = {
    restOptions: opts,
    qualifiedResource: { group: '', resource: 'persistentvolumes' },
    kind: { group: '', version: 'v1', kind: 'PersistentVolume' },
    createStrategy: persistentVolumeStrategy,
    updateStrategy: persistentVolumeStrategy,
    deleteStrategy: persistentVolumeStrategy,
    returnDeletedObject: true,
    tableConvertor: persistentVolumeTableConvertor,
  };
  return { store: newStore(options), status: newStatusStorage(options, persistentVolumeStatusStrategy) };
}
