/**
 * Event correlation (mirrors client-go tools/record/events_cache.go), applied before an event is
 * written, so a controller repeating itself does not flood the apiserver:
 *
 * - aggregation: 10 events within 10 minutes that differ only in message (same source, object,
 *   type, reason) turn into one event `(combined from similar events): <latest message>`;
 * - deduplication: an event identical to one already written becomes a patch of that event:
 *   count+1, lastTimestamp, message;
 * - spam filter: per source and object, a token bucket of 25 events refilled at one per 5 minutes;
 *   events beyond it are dropped.
 */
import type { Event } from '../../../apis/core/v1/types.js';
import { type Clock, realClock } from '../../util/clock/clock.js';
import { newTokenBucketRateLimiter, type RateLimiter } from '../../util/flowcontrol/throttle.js';
import { LRUCache } from './lru.js';

export const maxLruCacheEntries = 4096;
export const defaultAggregateMaxEvents = 10;
export const defaultAggregateIntervalSeconds = 600;
export const defaultSpamBurst = 25;
export const defaultSpamQPS = 1 / 300;

export interface CorrelatorOptions {
  lruCacheSize?: number;
  /** Spam filter bucket size and refill rate (events per second). */
  burstSize?: number;
  qps?: number;
  maxEvents?: number;
  maxIntervalSeconds?: number;
  clock?: Clock;
}

export interface CorrelateResult {
  event: Event;
  /** The strategic merge patch updating an existing event (when event.count > 1). */
  patch?: { count: number; lastTimestamp: string | null | undefined; message: string | undefined };
  /** Dropped by the spam filter. */
  skip: boolean;
}

const s = (v: string | undefined | null) => v ?? '';

/** What makes two events the same event (getEventKey): everything but the timestamps and count. */
export function getEventKey(e: Event): string {
  const o = e.involvedObject ?? {};
  return [
    s(e.source?.component),
    s(e.source?.host),
    s(o.kind),
    s(o.namespace),
    s(o.name),
    s(o.fieldPath),
    s(o.uid),
    s(o.apiVersion),
    s(e.type),
    s(e.reason),
    s(e.message),
  ].join('');
}

function getSpamKey(e: Event): string {
  const o = e.involvedObject ?? {};
  return [
    s(e.source?.component),
    s(e.source?.host),
    s(o.kind),
    s(o.namespace),
    s(o.name),
    s(o.uid),
    s(o.apiVersion),
    s(e.type),
  ].join('');
}

/** Events alike but for their message (EventAggregatorByReasonFunc). */
function aggregateKeys(e: Event): { aggregateKey: string; localKey: string } {
  const o = e.involvedObject ?? {};
  const aggregateKey = [
    s(e.source?.component),
    s(e.source?.host),
    s(o.kind),
    s(o.namespace),
    s(o.name),
    s(o.uid),
    s(o.apiVersion),
    s(e.type),
    s(e.reason),
    s(e.reportingComponent),
    s(e.reportingInstance),
  ].join('');
  return { aggregateKey, localKey: s(e.message) };
}

/** metav1.Time's JSON form: RFC 3339 to the second. */
export function metaTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

let nameSequence = 0;

/** `<object name>.<hex nanoseconds>` (util.GenerateEventName); a sequence fills the sub-millisecond digits. */
export function generateEventName(refName: string, ms: number): string {
  nameSequence = (nameSequence + 1) % 1_000_000;
  return `${refName}.${(BigInt(ms) * 1_000_000n + BigInt(nameSequence)).toString(16)}`;
}

interface AggregateRecord {
  localKeys: Set<string>;
  lastTimestamp: number;
}

interface EventLog {
  count: number;
  firstTimestamp: string | null | undefined;
  name: string | undefined;
  resourceVersion: string | undefined;
}

export class EventCorrelator {
  private readonly clock: Clock;
  private readonly aggregates: LRUCache<string, AggregateRecord>;
  private readonly logs: LRUCache<string, EventLog>;
  private readonly spam: LRUCache<string, RateLimiter>;
  private readonly maxEvents: number;
  private readonly maxIntervalMs: number;
  private readonly burst: number;
  private readonly qps: number;

  constructor(opts: CorrelatorOptions = {}) {
    this.clock = opts.clock ?? realClock;
    const size = opts.lruCacheSize ?? maxLruCacheEntries;
    this.aggregates = new LRUCache(size);
    this.logs = new LRUCache(size);
    this.spam = new LRUCache(size);
    this.maxEvents = opts.maxEvents ?? defaultAggregateMaxEvents;
    this.maxIntervalMs = (opts.maxIntervalSeconds ?? defaultAggregateIntervalSeconds) * 1000;
    this.burst = opts.burstSize ?? defaultSpamBurst;
    this.qps = opts.qps ?? defaultSpamQPS;
  }

  correlate(newEvent: Event): CorrelateResult {
    const { event: aggregated, key } = this.aggregate(newEvent);
    const { event, patch } = this.observe(aggregated, key);
    return { event, ...(patch ? { patch } : {}), skip: this.isSpam(event) };
  }

  /** Records what the server stored, so the next repeat patches the right event. */
  updateState(stored: Event): void {
    this.logs.set(getEventKey(stored), {
      count: stored.count ?? 0,
      firstTimestamp: stored.firstTimestamp,
      name: stored.metadata.name,
      resourceVersion: stored.metadata.resourceVersion,
    });
  }

  private aggregate(newEvent: Event): { event: Event; key: string } {
    const now = this.clock.now();
    const eventKey = getEventKey(newEvent);
    const { aggregateKey, localKey } = aggregateKeys(newEvent);
    let record = this.aggregates.get(aggregateKey);
    if (!record || now - record.lastTimestamp > this.maxIntervalMs) {
      record = { localKeys: new Set(), lastTimestamp: now };
    }
    record.localKeys.add(localKey);
    record.lastTimestamp = now;
    this.aggregates.set(aggregateKey, record);
    if (record.localKeys.size < this.maxEvents) return { event: newEvent, key: eventKey };
    // Keep the set below the limit, so every later similar event is combined too.
    const first = record.localKeys.values().next();
    if (!first.done) record.localKeys.delete(first.value);
    const at = metaTime(now);
    const combined: Event = {
      metadata: {
        name: generateEventName(newEvent.involvedObject?.name ?? '', now),
        namespace: newEvent.metadata.namespace,
      },
      count: 1,
      firstTimestamp: at,
      involvedObject: newEvent.involvedObject,
      lastTimestamp: at,
      message: `(combined from similar events): ${newEvent.message ?? ''}`,
      type: newEvent.type,
      reason: newEvent.reason,
      source: newEvent.source,
    };
    return { event: combined, key: aggregateKey };
  }

  private observe(newEvent: Event, key: string): { event: Event; patch?: CorrelateResult['patch'] } {
    const event: Event = { ...newEvent, metadata: { ...newEvent.metadata } };
    const last = this.logs.get(key);
    let patch: CorrelateResult['patch'];
    if (last && last.count > 0) {
      event.metadata.name = last.name;
      event.metadata.resourceVersion = last.resourceVersion;
      event.firstTimestamp = last.firstTimestamp;
      event.count = last.count + 1;
      patch = { count: event.count, lastTimestamp: event.lastTimestamp, message: event.message };
    }
    this.logs.set(key, {
      count: event.count ?? 0,
      firstTimestamp: event.firstTimestamp,
      name: event.metadata.name,
      resourceVersion: event.metadata.resourceVersion,
    });
    return patch ? { event, patch } : { event };
  }

  private isSpam(event: Event): boolean {
    const key = getSpamKey(event);
    let limiter = this.spam.get(key);
    if (!limiter) {
      limiter = newTokenBucketRateLimiter(this.qps, this.burst, this.clock);
      this.spam.set(key, limiter);
    }
    return !limiter.tryAccept();
  }
}
