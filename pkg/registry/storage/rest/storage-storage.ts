/** storage.k8s.io/v1 (mirrors pkg/registry/storage/rest/storage_storage.go): storage classes. */
import { groupInfo, storeInfo } from '../../catalog-helpers.js';
import type { RESTOptions } from '../../generic/options.js';
import type { APIGroupInfo } from '../../rest/catalog.js';
import { newStorageClassStorage } from '../storageclass/storage.js';

export function newStorageAPIGroup(opts: RESTOptions): APIGroupInfo {
  return groupInfo({ group: 'storage.k8s.io', version: 'v1' }, [
    storeInfo(newStorageClassStorage(opts), { shortNames: ['sc'] }),
  ]);
}
