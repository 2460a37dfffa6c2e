/**
 * events.k8s.io/v1 events (upstream pkg/registry/events/rest): served from the core events
 * storage, converted at the boundary. An Event created here is listed by /api/v1 events too, and
 * the other way round; writes through this group get the strict events.k8s.io validation.
 * Errors name the stored resource, as upstream: `events "x" not found`, `Event "x" is invalid`.
 */
import type { Event as CoreEvent } from '../../../apis/core/v1/types.js';
import { eventFieldLabelToCore, eventFromCore, eventToCore } from '../../../apis/events/v1/conversion.js';
import type { Event } from '../../../apis/events/v1/types.js';
import type { KubeList } from '../../../apis/meta/v1/types.js';
import { newSelector } from '../../../fields/selector.js';
import { eventTableConvertor } from '../../../printers/internalversion/printers-core.js';
import { eventSelectableFields, eventsV1Strategy } from '../../core/event/strategy.js';
import type { RESTOptions } from '../../generic/options.js';
import { newRegistryStore } from '../../generic/registry/store.js';
import { isStatus, type RESTListOptions, type StandardStorage } from '../../rest/rest.js';
import { isList, tableItems, tableRowObject } from '../../rest/table.js';

/** List items carry no apiVersion/kind, as upstream's typed lists. */
function itemToV1(obj: CoreEvent): Event {
  const out = eventFromCore(obj);
  if (obj.kind === undefined) delete out.kind;
  if (obj.apiVersion === undefined) delete out.apiVersion;
  return out;
}

function listToV1(list: KubeList<CoreEvent>): KubeList<Event> {
  return { ...list, apiVersion: 'events.k8s.io/v1', kind: 'EventList', items: list.items.map(itemToV1) };
}

function coreListOptions<T extends Pick<RESTListOptions, 'fieldSelector'>>(opts: T): T {
  const sel = opts.fieldSelector;
  if (!sel || sel.empty()) return opts;
  return {
    ...opts,
    fieldSelector: newSelector(sel.requirements().map((r) => ({ ...r, field: eventFieldLabelToCore(r.field) }))),
  };
}

export function newEventsV1Storage(opts: RESTOptions): StandardStorage<Event> {
  const core = newRegistryStore<CoreEvent>(opts, {
    resource: { group: '', version: 'v1', resource: 'events', kind: 'Event' },
    strategy: eventsV1Strategy,
    selectableFields: eventSelectableFields,
    tableConvertor: eventTableConvertor,
  });
  return {
    get: async (ctx, name, o) => eventFromCore(await core.get(ctx, name, o)),
    list: async (ctx, o = {}) => listToV1(await core.list(ctx, coreListOptions(o))),
    create: async (ctx, obj, o) => eventFromCore(await core.create(ctx, eventToCore(obj), o)),
    async update(ctx, name, objInfo, o) {
      const result = await core.update(
        ctx,
        name,
        async (current) => eventToCore(await objInfo(current ? eventFromCore(current) : undefined)),
        o,
      );
      return { ...result, object: eventFromCore(result.object) };
    },
    async delete(ctx, name, o) {
      const result = await core.delete(ctx, name, o);
      return { ...result, object: isStatus(result.object) ? result.object : eventFromCore(result.object) };
    },
    deleteCollection: async (ctx, o, listOpts) =>
      listToV1(await core.deleteCollection(ctx, o, coreListOptions(listOpts))),
    async watch(ctx, o) {
      const events = await core.watch(ctx, coreListOptions(o));
      return (async function* () {
        for await (const ev of events) {
          const obj = ev.object;
          yield {
            ...ev,
            object:
              ev.type === 'BOOKMARK' ? { ...obj, apiVersion: 'events.k8s.io/v1', kind: 'Event' } : eventFromCore(obj),
          };
        }
      })();
    },
    convertToTable(ctx, object, o) {
      const table = core.convertToTable(
        ctx,
        isList(object) ? { ...object, items: object.items.map(eventToCore) } : eventToCore(object),
        o,
      );
      if (o?.includeObject === 'Object') {
        const originals = tableItems(object);
        table.rows.forEach((row, i) => {
          const original = originals[i];
          if (original) row.object = tableRowObject(original, 'Object');
        });
      }
      return table;
    },
  };
}
