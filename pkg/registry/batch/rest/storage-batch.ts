/** batch/v1 (mirrors pkg/registry/batch/rest/storage_batch.go). */
import { groupInfo, storeInfo } from '../../catalog-helpers.js';
import type { RESTOptions } from '../../generic/options.js';
import type { APIGroupInfo } from '../../rest/catalog.js';
import { newCronJobStorage } from '../cronjob/storage.js';
import { newJobStorage } from '../job/storage.js';

export function newBatchAPIGroup(opts: RESTOptions): APIGroupInfo {
  return groupInfo({ group: 'batch', version: 'v1' }, [
    storeInfo(newCronJobStorage(opts), { shortNames: ['cj'], categories: ['all'] }),
    storeInfo(newJobStorage(opts), { categories: ['all'] }),
  ]);
}
