/** CronJob storage with status (mirrors pkg/registry/batch/cronjob/storage/storage.go). */
import type { CronJob } from '../../../apis/batch/v1/types.js';
import { cronJobTableConvertor } from '../../../printers/internalversion/printers-apps.js';
import type { RESTOptions } from '../../generic/options.js';
import { newStoreWithSubresources } from '../../storage-helpers.js';
import { cronJobStatusStrategy, cronJobStrategy } from './strategy.js';

export function newCronJobStorage(opts: RESTOptions) {
  return newStoreWithSubresources<CronJob>(
    opts,
    {
      qualifiedResource: { group: 'batch', resource: 'cronjobs' },
      kind: { group: 'batch', version: 'v1', kind: 'CronJob' },
      strategy: cronJobStrategy,
      tableConvertor: cronJobTableConvertor,
    },
    { status: cronJobStatusStrategy },
  );
}
