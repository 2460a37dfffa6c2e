/** StorageClass storage (mirrors pkg/registry/storage/storageclass/storage/storage.go). */
import type { StorageClass } from '../../../apis/storage/v1/types.js';
import { storageClassTableConvertor } from '../../../printers/internalversion/printers-other.js';
import type { RESTOptions } from '../../generic/options.js';
import { newRegistryStore, type Store } from '../../generic/registry/store.js';
import { storageClassStrategy } from './strategy.js';

export function newStorageClassStorage(opts: RESTOptions): Store<StorageClass> {
  return newRegistryStore(opts, {
    resource: { group: 'storage.k8s.io', version: 'v1', resource: 'storageclasses', kind: 'StorageClass' },
    strategy: storageClassStrategy,
    tableConvertor: storageClassTableConvertor,
  });
}
