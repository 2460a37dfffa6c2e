/** events.k8s.io/v1 (mirrors pkg/registry/events/rest/storage_events.go): the core events, stored as core/v1 Events. */
import { groupInfo, resourceInfo } from '../../catalog-helpers.js';
import type { RESTOptions } from '../../generic/options.js';
import type { APIGroupInfo } from '../../rest/catalog.js';
import { newEventsV1Storage } from '../event/storage.js';

export function newEventsAPIGroup(opts: RESTOptions): APIGroupInfo {
  const v1 = { group: 'events.k8s.io', version: 'v1' };
  const storedAs = { group: '', version: 'v1', kind: 'Event' };
  return groupInfo(v1, [
    resourceInfo(v1, 'events', 'Event', true, newEventsV1Storage(opts), { shortNames: ['ev'], storedAs }),
  ]);
}
