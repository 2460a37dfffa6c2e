/** Job storage with status (mirrors pkg/registry/batch/job/storage/storage.go). */
import type { Job } from '../../../apis/batch/v1/types.js';
import { jobTableConvertor } from '../../../printers/internalversion/printers-apps.js';
import type { RESTOptions } from '../../generic/options.js';
import { newRegistryStore } from '../../generic/registry/store.js';
import { newStatusREST } from '../../subresource/status.js';
import { jobSelectableFields, jobStatusStrategy, jobStrategy } from './strategy.js';

export function newJobStorage(opts: RESTOptions) {
  const store = newRegistryStore<Job>(opts, {
    resource: { group: 'batch', version: 'v1', resource: 'jobs', kind: 'Job' },
    strategy: jobStrategy,
    selectableFields: jobSelectableFields,
    tableConvertor: jobTableConvertor,
  });
  return { store, status: newStatusREST(store, jobStatusStrategy) };
}
