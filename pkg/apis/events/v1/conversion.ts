/**
 * events.k8s.io/v1 ↔ core/v1 Event (mirrors pkg/apis/events/v1/conversion.go): one stored
 * object, two spellings.
 *
 *   regarding ↔ involvedObject   note ↔ message   reportingController ↔ reportingComponent
 *   deprecatedSource ↔ source    deprecatedFirstTimestamp/LastTimestamp/Count ↔ firstTimestamp/lastTimestamp/count
 */
import type { Event as CoreEvent } from '../../core/v1/types.js';
import type { Event } from './types.js';

/** [events.k8s.io field, core field]; the rest (metadata, eventTime, series, action, reason, related, type, reportingInstance) is shared. */
const renames = [
  ['regarding', 'involvedObject'],
  ['note', 'message'],
  ['reportingController', 'reportingComponent'],
  ['deprecatedSource', 'source'],
  ['deprecatedFirstTimestamp', 'firstTimestamp'],
  ['deprecatedLastTimestamp', 'lastTimestamp'],
  ['deprecatedCount', 'count'],
] as const;

function rename(obj: Record<string, unknown>, pairs: readonly (readonly [string, string])[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const map = new Map(pairs);
  for (const [k, v] of Object.entries(obj)) out[map.get(k) ?? k] = v;
  return out;
}

export function eventToCore(ev: Event): CoreEvent {
  const out = rename(ev, renames) as CoreEvent;
  out.apiVersion = 'v1';
  out.kind = 'Event';
  return out;
}

export function eventFromCore(ev: CoreEvent): Event {
  const out = rename(
    ev,
    renames.map(([a, b]) => [b, a] as const),
  ) as Event;
  out.apiVersion = 'events.k8s.io/v1';
  out.kind = 'Event';
  return out;
}

/** Field selector labels of events.k8s.io/v1 in the core spelling (upstream's field label conversion). */
export function eventFieldLabelToCore(label: string): string {
  if (label.startsWith('regarding.')) return `involvedObject.${label.slice('regarding.'.length)}`;
  if (label === 'reportingController') return 'reportingComponent';
  if (label === 'deprecatedSource') return 'source';
  return label;
}
