/** Event storage (mirrors pkg/registry/core/event/storage/storage.go). */
import type { Event } from '../../../apis/core/v1/types.js';
import { eventTableConvertor } from '../../../printers/internalversion/printers-core.js';
import type { RESTOptions } from '../../generic/options.js';
import { newRegistryStore, type Store } from '../../generic/registry/store.js';
import { eventSelectableFields, eventStrategy } from './strategy.js';

export function newEventStorage(opts: RESTOptions): Store<Event> {
  return newRegistryStore(opts, {
    resource: { group: '', version: 'v1', resource: 'events', kind: 'Event' },
    strategy: eventStrategy,
    selectableFields: eventSelectableFields,
    tableConvertor: eventTableConvertor,
  });
}
