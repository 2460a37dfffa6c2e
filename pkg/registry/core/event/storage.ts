/** Event storage (mirrors pkg/registry/core/event/storage/storage.go). */
import type { RESTOptions } from '../../generic/options.js';
import { newStore, type Store } from '../../generic/registry/store.js';
import { eventTableConvertor } from '../../../printers/internalversion/printers-core.js';
import { eventSelectableFields, eventStrategy } from './strategy.js';

export function newEventStorage(opts: RESTOptions): Store {
  return newStore({
    restOptions: opts,
    qualifiedResource: { group: '', resource: 'events' },
    kind: { group: '', version: 'v1', kind: 'Event' },
    createStrategy: eventStrategy,
    updateStrategy: eventStrategy,
    deleteStrategy: eventStrategy,
    selectableFields: eventSelectableFields,
    tableConvertor: eventTableConvertor,
  });
}
