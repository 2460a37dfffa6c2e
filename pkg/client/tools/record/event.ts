/**
 * Recording core/v1 Events (mirrors client-go tools/record/event.go): a controller calls
 * `recorder.event(obj, 'Warning', 'FailedCreate', msg)` and moves on; the broadcaster writes the
 * events one after another in the background, through the correlator (./events-cache.ts):
 *
 *   recorder.event ─▶ queue (≤ 1000, newest dropped beyond) ─▶ correlate ─ spam → dropped
 *                                                                 ├ repeat → PATCH count/lastTimestamp/message
 *                                                                 │           (the event is gone → POST anew)
 *                                                                 └ new    → POST
 *   a rejection by the server is final; a failure to reach it is retried up to 12 times, 10 s apart
 *   (the first wait randomised, so restarted components do not all retry at once).
 */
import { isAlreadyExists, isNotFound, StatusError } from '../../../api/errors/errors.js';
import type { Event, ObjectReference } from '../../../apis/core/v1/types.js';
import type { KubeObject } from '../../../apis/meta/v1/types.js';
import * as klog from '../../../klog/klog.js';
import type { Clientset } from '../../kubernetes/clientset.js';
import { events } from '../../kubernetes/resources.js';
import { type Clock, realClock, sleepOn } from '../../util/clock/clock.js';
import { type CorrelatorOptions, EventCorrelator, generateEventName, metaTime } from './events-cache.js';

export const maxTriesPerEvent = 12;
export const defaultSleepDurationMs = 10_000;
export const maxQueuedEvents = 1000;

export type EventType = 'Normal' | 'Warning';

export interface EventSource {
  component: string;
  host?: string;
}

export interface EventRecorder {
  /** Records an event about `obj` (an object with apiVersion/kind, or a reference). Never throws, never waits. */
  event(obj: KubeObject | ObjectReference, type: EventType, reason: string, message: string): void;
  annotatedEvent(
    obj: KubeObject | ObjectReference,
    annotations: Record<string, string>,
    type: EventType,
    reason: string,
    message: string,
  ): void;
}

/** Where events are written. */
export interface EventSink {
  create(event: Event): Promise<Event>;
  /** Applies a strategic merge patch to the existing `event`. */
  patch(event: Event, patch: unknown): Promise<Event>;
}

/** The apiserver's core/v1 events, in each event's namespace. */
export function newEventSink(clientset: Clientset): EventSink {
  const rc = clientset.resource(events);
  return {
    create: (e) => rc.namespace(e.metadata.namespace ?? 'default').create(e),
    patch: (e, patch) =>
      rc.namespace(e.metadata.namespace ?? 'default').patch(e.metadata.name ?? '', 'strategic', patch),
  };
}

export interface EventBroadcasterOptions {
  sink: EventSink;
  clock?: Clock;
  correlator?: CorrelatorOptions;
  /** The wait between tries of an event the server did not receive (upstream 10 s). */
  sleepDurationMs?: number;
  random?: () => number;
  /** Log every event at this verbosity (upstream StartStructuredLogging); unset: no log. */
  logVerbosity?: number;
}

export class EventBroadcaster {
  private readonly queue: Event[] = [];
  private draining: Promise<void> | undefined;
  private readonly correlator: EventCorrelator;
  private readonly clock: Clock;
  private readonly stop = new AbortController();

  constructor(private readonly opts: EventBroadcasterOptions) {
    this.clock = opts.clock ?? realClock;
    this.correlator = new EventCorrelator({ clock: this.clock, ...opts.correlator });
  }

  newRecorder(source: EventSource): EventRecorder {
    const emit = (
      obj: KubeObject | ObjectReference,
      annotations: Record<string, string> | undefined,
      type: EventType,
      reason: string,
      message: string,
    ) => {
      if (type !== 'Normal' && type !== 'Warning') {
        klog.error(undefined, 'Unsupported event type', { eventType: type });
        return;
      }
      const ref = getReference(obj);
      if (typeof ref === 'string') {
        klog.error(undefined, 'Could not construct reference, will not report event', { reason, message, err: ref });
        return;
      }
      this.enqueue(makeEvent(ref, source, annotations, type, reason, message, this.clock.now()));
    };
    return {
      event: (obj, type, reason, message) => emit(obj, undefined, type, reason, message),
      annotatedEvent: (obj, annotations, type, reason, message) => emit(obj, annotations, type, reason, message),
    };
  }

  /** Resolves once every queued event was written or given up. */
  async flush(): Promise<void> {
    for (let pending = this.draining; pending !== undefined; pending = this.draining) await pending;
  }

  /** Stops writing: queued events are dropped, retries end. */
  async shutdown(): Promise<void> {
    this.stop.abort();
    this.queue.length = 0;
    await this.flush();
  }

  private enqueue(event: Event): void {
    if (this.stop.signal.aborted) return;
    if (this.opts.logVerbosity !== undefined) {
      const o = event.involvedObject ?? {};
      klog.v(this.opts.logVerbosity).info('Event occurred', {
        object: o.namespace ? `${o.namespace}/${o.name}` : o.name,
        fieldPath: o.fieldPath,
        kind: o.kind,
        apiVersion: o.apiVersion,
        type: event.type,
        reason: event.reason,
        message: event.message,
      });
    }
    if (this.queue.length >= maxQueuedEvents) {
      klog.error(undefined, 'Unable to record event: too many queued events, dropped event', {
        reason: event.reason,
        object: event.involvedObject?.name,
      });
      return;
    }
    this.queue.push(event);
    this.draining ??= this.drain().finally(() => {
      this.draining = undefined;
    });
  }

  private async drain(): Promise<void> {
    for (let event = this.queue.shift(); event; event = this.queue.shift()) {
      await this.recordToSink(event);
    }
  }

  private async recordToSink(event: Event): Promise<void> {
    const result = this.correlator.correlate(event);
    if (result.skip) return;
    const sleepMs = this.opts.sleepDurationMs ?? defaultSleepDurationMs;
    const random = this.opts.random ?? Math.random;
    for (let tries = 1; ; tries++) {
      if (await this.recordEvent(result.event, result.patch)) return;
      if (tries >= maxTriesPerEvent) {
        klog.error(undefined, 'Unable to write event (retry limit exceeded!)', { reason: event.reason });
        return;
      }
      const delay = tries === 1 ? sleepMs * random() : sleepMs;
      if (!(await sleepOn(this.clock, delay, this.stop.signal))) {
        klog.error(undefined, 'Unable to write event (broadcaster is shut down)', { reason: event.reason });
        return;
      }
    }
  }

  /** True when done with the event (written, or rejected for good). */
  private async recordEvent(event: Event, patch: unknown): Promise<boolean> {
    const sink = this.opts.sink;
    try {
      let stored: Event;
      if (patch !== undefined && (event.count ?? 0) > 1) {
        try {
          stored = await sink.patch(event, patch);
        } catch (err) {
          if (!isNotFound(err)) throw err;
          // The event expired or was deleted: write it anew.
          stored = await sink.create({ ...event, metadata: { ...event.metadata, resourceVersion: '' } });
        }
      } else {
        stored = await sink.create({ ...event, metadata: { ...event.metadata, resourceVersion: '' } });
      }
      this.correlator.updateState(stored);
      return true;
    } catch (err) {
      if (err instanceof StatusError) {
        if (isAlreadyExists(err) || err.status.details?.causes?.some((c) => c.reason === 'NamespaceTerminating')) {
          klog.v(5).info('Server rejected event (will not retry!)', { reason: event.reason, err: err.message });
        } else {
          klog.error(err, 'Server rejected event (will not retry!)', { reason: event.reason });
        }
        return true;
      }
      klog.error(err, 'Unable to write event (may retry after sleeping)', { reason: event.reason });
      return false;
    }
  }
}

export function newEventBroadcaster(opts: EventBroadcasterOptions): EventBroadcaster {
  return new EventBroadcaster(opts);
}

/** The reference an event points at (tools/reference.GetReference), or why there is none. */
export function getReference(obj: KubeObject | ObjectReference): ObjectReference | string {
  if (!('metadata' in obj)) {
    return obj.kind && obj.name ? obj : 'a reference needs kind and name';
  }
  const o: KubeObject = obj;
  if (!o.kind || !o.apiVersion) return 'object has no apiVersion/kind: set them before recording an event';
  const ref: ObjectReference = { kind: o.kind, apiVersion: o.apiVersion, name: o.metadata.name ?? '' };
  if (o.metadata.namespace) ref.namespace = o.metadata.namespace;
  if (o.metadata.uid) ref.uid = o.metadata.uid;
  if (o.metadata.resourceVersion) ref.resourceVersion = o.metadata.resourceVersion;
  return ref;
}

function makeEvent(
  ref: ObjectReference,
  source: EventSource,
  annotations: Record<string, string> | undefined,
  type: EventType,
  reason: string,
  message: string,
  now: number,
): Event {
  const at = metaTime(now);
  return {
    metadata: {
      name: generateEventName(ref.name ?? '', now),
      namespace: ref.namespace || 'default',
      ...(annotations ? { annotations } : {}),
    },
    involvedObject: ref,
    reason,
    message,
    firstTimestamp: at,
    lastTimestamp: at,
    count: 1,
    type,
    source: { component: source.component, ...(source.host ? { host: source.host } : {}) },
    reportingComponent: source.component,
    reportingInstance: source.host ?? '',
  };
}
