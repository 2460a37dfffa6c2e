/** events.k8s.io/v1 (mirrors pkg/registry/events/rest/storage_events.go): the core events, stored as core/v1 Events. */
import { resourceInfo as info } from '../../catalog-helpers.js';
import type { RESTOptions } from '../../generic/options.js';
import type { APIGroupInfo } from '../../rest/catalog.js';
import { newEventsV1Storage } from '../event/storage.js';

const v1 = { group: 'events.k8s.io', version: 'v1' };

export function newEventsAPIGroup(opts: RESTOptions): APIGroupInfo {
  const storedAs = { group: '', version: 'v1', kind: 'Event' };
  return {
    group: v1.group,
    versions: [
      {
        version: 'v1',
        resources: [info(v1, 'events', 'Event', true, newEventsV1Storage(opts), { shortNames: ['ev'], storedAs })],
      },
    ],
  };
}
