/** storage.k8s.io/v1 (mirrors pkg/registry/storage/rest/storage_storage.go): storage classes. */
import { resourceInfo as info } from '../../catalog-helpers.js';
import type { RESTOptions } from '../../generic/options.js';
import type { APIGroupInfo } from '../../rest/catalog.js';
import { newStorageClassStorage } from '../storageclass/storage.js';

const v1 = { group: 'storage.k8s.io', version: 'v1' };

export function newStorageAPIGroup(opts: RESTOptions): APIGroupInfo {
  return {
    group: v1.group,
    versions: [
      {
        version: 'v1',
        resources: [
          info(v1, 'storageclasses', 'StorageClass', false, newStorageClassStorage(opts), { shortNames: ['sc'] }),
        ],
      },
    ],
  };
}
