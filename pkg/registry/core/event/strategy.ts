/**
 * Event policy (mirrors pkg/registry/core/event/strategy.go). Events written through /api/v1
 * get only the legacy checks; events.k8s.io/v1 uses `eventsV1Strategy` with the strict ones.
 */
import type { Event } from '../../../apis/core/v1/types.js';
import { validateEventCreate, validateEventUpdate } from '../../../apis/core/validation/validation-misc.js';
import { plainStrategy } from '../../strategies.js';

function strategyFor(coreAPI: boolean) {
  return plainStrategy<Event>({
    namespaced: true,
    allowCreateOnUpdate: true,
    validate: (ev) => validateEventCreate(ev, coreAPI),
    validateUpdate: (ev, old) => validateEventUpdate(ev, old, coreAPI),
  });
}

export const eventStrategy = strategyFor(true);
export const eventsV1Strategy = strategyFor(false);

/** Field selectors on events (upstream event.ToSelectableFields). */
export const eventSelectableFields = {
  'involvedObject.kind': (e: Event) => e.involvedObject?.kind ?? '',
  'involvedObject.namespace': (e: Event) => e.involvedObject?.namespace ?? '',
  'involvedObject.name': (e: Event) => e.involvedObject?.name ?? '',
  'involvedObject.uid': (e: Event) => e.involvedObject?.uid ?? '',
  'involvedObject.apiVersion': (e: Event) => e.involvedObject?.apiVersion ?? '',
  'involvedObject.resourceVersion': (e: Event) => e.involvedObject?.resourceVersion ?? '',
  'involvedObject.fieldPath': (e: Event) => e.involvedObject?.fieldPath ?? '',
  reason: (e: Event) => e.reason ?? '',
  reportingComponent: (e: Event) => e.reportingComponent ?? '',
  source: (e: Event) => e.source?.component || e.reportingComponent || '',
  type: (e: Event) => e.type ?? '',
};
