/** scheduling.k8s.io/v1 (mirrors pkg/registry/scheduling/rest/storage_scheduling.go). */
import { resourceInfo as info } from '../../catalog-helpers.js';
import type { RESTOptions } from '../../generic/options.js';
import type { APIGroupInfo } from '../../rest/catalog.js';
import { newPriorityClassStorage } from '../priorityclass/storage.js';

const v1 = { group: 'scheduling.k8s.io', version: 'v1' };

export function newSchedulingAPIGroup(opts: RESTOptions): APIGroupInfo {
  return {
    group: v1.group,
    versions: [
      {
        version: 'v1',
        resources: [
          info(v1, 'priorityclasses', 'PriorityClass', false, newPriorityClassStorage(opts), { shortNames: ['pc'] }),
        ],
      },
    ],
  };
}
