/** scheduling.k8s.io/v1 (mirrors pkg/registry/scheduling/rest/storage_scheduling.go). */
import type { PriorityClass } from '../../../apis/scheduling/v1/types.js';
import { groupInfo, storeInfo } from '../../catalog-helpers.js';
import type { RESTOptions } from '../../generic/options.js';
import type { Store } from '../../generic/registry/store.js';
import type { APIGroupInfo } from '../../rest/catalog.js';
import { newPriorityClassStorage } from '../priorityclass/storage.js';

/** The group, and its PriorityClass store (the control plane creates the system priority classes). */
export interface SchedulingAPIGroup {
  info: APIGroupInfo;
  priorityClasses: Store<PriorityClass>;
}

export function newSchedulingAPIGroup(opts: RESTOptions): SchedulingAPIGroup {
  const priorityClasses = newPriorityClassStorage(opts);
  const info = groupInfo({ group: 'scheduling.k8s.io', version: 'v1' }, [
    storeInfo(priorityClasses, { shortNames: ['pc'] }),
  ]);
  return { info, priorityClasses };
}
