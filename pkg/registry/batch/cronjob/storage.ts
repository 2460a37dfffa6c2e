/** CronJob storage with status (mirrors pkg/registry/batch/cronjob/storage/storage.go). */
import type { CronJob } from '../../../apis/batch/v1/types.js';
import { cronJobTableConvertor } from '../../../printers/internalversion/printers-apps.js';
import type { RESTOptions } from '../../generic/options.js';
import { newRegistryStore } from '../../generic/registry/store.js';
import { newStatusREST } from '../../subresource/status.js';
import { cronJobStatusStrategy, cronJobStrategy } from './strategy.js';

export function newCronJobStorage(opts: RESTOptions) {
  const store = newRegistryStore<CronJob>(opts, {
    resource: { group: 'batch', version: 'v1', resource: 'cronjobs', kind: 'CronJob' },
    strategy: cronJobStrategy,
    tableConvertor: cronJobTableConvertor,
  });
  return { store, status: newStatusREST(store, cronJobStatusStrategy) };
}
