/** batch/v1 (mirrors pkg/registry/batch/rest/storage_batch.go). */
import { resourceInfo as info, subresourcesOf as subs } from '../../catalog-helpers.js';
import type { RESTOptions } from '../../generic/options.js';
import type { APIGroupInfo } from '../../rest/catalog.js';
import { newCronJobStorage } from '../cronjob/storage.js';
import { newJobStorage } from '../job/storage.js';

const v1 = { group: 'batch', version: 'v1' };

export function newBatchAPIGroup(opts: RESTOptions): APIGroupInfo {
  const cj = newCronJobStorage(opts);
  const jobs = newJobStorage(opts);
  return {
    group: 'batch',
    versions: [
      {
        version: 'v1',
        resources: [
          info(v1, 'cronjobs', 'CronJob', true, cj.store, { shortNames: ['cj'], categories: ['all'], ...subs(cj) }),
          info(v1, 'jobs', 'Job', true, jobs.store, { categories: ['all'], ...subs(jobs) }),
        ],
      },
    ],
  };
}
