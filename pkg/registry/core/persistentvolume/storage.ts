/** PersistentVolume storage with its status subresource (mirrors pkg/registry/core/persistentvolume/storage/storage.go). */
import type { PersistentVolume } from '../../../apis/core/v1/types.js';
import { persistentVolumeTableConvertor } from '../../../printers/internalversion/printers-core.js';
import type { RESTOptions } from '../../generic/options.js';
import { newRegistryStore } from '../../generic/registry/store.js';
import { newStatusREST } from '../../subresource/status.js';
import { persistentVolumeStatusStrategy, persistentVolumeStrategy } from './strategy.js';

export function newPersistentVolumeStorage(opts: RESTOptions) {
  const store = newRegistryStore<PersistentVolume>(opts, {
    resource: { group: '', version: 'v1', resource: 'persistentvolumes', kind: 'PersistentVolume' },
    strategy: persistentVolumeStrategy,
    returnDeletedObject: true,
    tableConvertor: persistentVolumeTableConvertor,
  });
  return { store, status: newStatusREST(store, persistentVolumeStatusStrategy) };
}
