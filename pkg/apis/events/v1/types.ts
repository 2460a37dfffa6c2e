/** events.k8s.io/v1 Event (k8s.io/api/events/v1): the same objects as core/v1 Events, renamed fields. */
import type { KubeObject } from '../../meta/v1/types.js';
import type { ObjectReference } from '../../core/v1/types.js';

export interface EventSeries {
  count?: number;
  lastObservedTime?: string;
}

export interface Event extends KubeObject {
  eventTime?: string | null;
  series?: EventSeries;
  reportingController?: string;
  reportingInstance?: string;
  action?: string;
  reason?: string;
  regarding?: ObjectReference;
  related?: ObjectReference;
  note?: string;
  type?: string;
  deprecatedSource?: { component?: string; host?: string };
  deprecatedFirstTimestamp?: string | null;
  deprecatedLastTimestamp?: string | null;
  deprecatedCount?: number;
}
