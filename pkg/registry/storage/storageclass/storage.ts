/** StorageClass storage (mirrors pkg/registry/storage/storageclass/storage/storage.go). */
import type { StorageClass } from '../../../apis/storage/v1/types.js';
import { storageClassTableConvertor } from '../../../printers/internalversion/printers-other.js';
import type { RESTOptions } from '../../generic/options.js';
import type { Store } from '../../generic/registry/store.js';
import { newResourceStore } from '../../storage-helpers.js';
import { storageClassStrategy } from './strategy.js';

export function newStorageClassStorage(opts: RESTOptions): Store {
  return newResourceStore<StorageClass>(opts, {
    qualifiedResource: { group: 'storage.k8s.io', resource: 'storageclasses' },
    kind: { group: 'storage.k8s.io', version: 'v1', kind: 'StorageClass' },
    strategy: storageClassStrategy,
    tableConvertor: storageClassTableConvertor,
  });
}
