/** Job storage with status (mirrors pkg/registry/batch/job/storage/storage.go). */
import type { Job } from '../../../apis/batch/v1/types.js';
import { jobTableConvertor } from '../../../printers/internalversion/printers-apps.js';
import type { RESTOptions } from '../../generic/options.js';
import { newStoreWithSubresources } from '../../storage-helpers.js';
import { jobSelectableFields, jobStatusStrategy, jobStrategy } from './strategy.js';

export function newJobStorage(opts: RESTOptions) {
  return newStoreWithSubresources<Job>(
    opts,
    {
      qualifiedResource: { group: 'batch', resource: 'jobs' },
      kind: { group: 'batch', version: 'v1', kind: 'Job' },
      strategy: jobStrategy,
      selectableFields: jobSelectableFields,
      tableConvertor: jobTableConvertor,
    },
    { status: jobStatusStrategy },
  );
}
