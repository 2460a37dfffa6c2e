/** PersistentVolumeClaim storage with its status subresource (mirrors pkg/registry/core/persistentvolumeclaim/storage/storage.go). */
import type { PersistentVolumeClaim } from '../../../apis/core/v1/types.js';
import { persistentVolumeClaimTableConvertor } from '../../../printers/internalversion/printers-core.js';
import type { RESTOptions } from '../../generic/options.js';
import { newRegistryStore } from '../../generic/registry/store.js';
import { newStatusREST } from '../../subresource/status.js';
import { persistentVolumeClaimStatusStrategy, persistentVolumeClaimStrategy } from './strategy.js';

export function newPersistentVolumeClaimStorage(opts: RESTOptions) {
  const store = newRegistryStore<PersistentVolumeClaim>(opts, {
    resource: { group: '', version: 'v1', resource: 'persistentvolumeclaims', kind: 'PersistentVolumeClaim' },
    strategy: persistentVolumeClaimStrategy,
    returnDeletedObject: true,
    tableConvertor: persistentVolumeClaimTableConvertor,
  });
  return { store, status: newStatusREST(store, persistentVolumeClaimStatusStrategy) };
}
