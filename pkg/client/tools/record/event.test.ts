import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StatusError } from '../../../api/errors/errors.js';
import type { Event } from '../../../apis/core/v1/types.js';
import type { KubeObject } from '../../../apis/meta/v1/types.js';
import { configure } from '../../../klog/klog.js';
import { FakeClock, flushMicrotasks } from '../../util/clock/clock.js';
import { EventBroadcaster, type EventSink, getReference } from './event.js';

let logged: string[];
beforeEach(() => {
  logged = [];
  configure({ write: (line) => logged.push(line) });
});
afterEach(() => configure({ verbosity: 0, format: 'text', write: (line) => process.stderr.write(line) }));

/** An in-memory events API: stores by namespace/name, counts calls, can be told to fail. */
class MemorySink implements EventSink {
  readonly stored = new Map<string, Event>();
  readonly calls: string[] = [];
  failNext: unknown[] = [];
  private rv = 0;

  async create(e: Event): Promise<Event> {
    this.calls.push(`create ${e.metadata.name}`);
    const failure = this.failNext.shift();
    if (failure) throw failure;
    const stored = { ...e, metadata: { ...e.metadata, resourceVersion: String(++this.rv) } };
    this.stored.set(`${e.metadata.namespace}/${e.metadata.name}`, stored);
    return stored;
  }

  async patch(e: Event, patch: unknown): Promise<Event> {
    this.calls.push(`patch ${e.metadata.name} ${JSON.stringify(patch)}`);
    const failure = this.failNext.shift();
    if (failure) throw failure;
    const key = `${e.metadata.namespace}/${e.metadata.name}`;
    const old = this.stored.get(key);
    if (!old) throw statusError(404, 'NotFound', `events "${e.metadata.name}" not found`);
    const stored = { ...old, ...(patch as object), metadata: { ...old.metadata, resourceVersion: String(++this.rv) } };
    this.stored.set(key, stored);
    return stored;
  }
}

function statusError(code: number, reason: 'NotFound' | 'Forbidden' | 'AlreadyExists', message: string) {
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code, reason, message });
}

const pod: KubeObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-1', namespace: 'team', uid: 'u-1', resourceVersion: '7' },
};

function setup() {
  const clock = new FakeClock(Date.UTC(2025, 0, 1));
  const sink = new MemorySink();
  const broadcaster = new EventBroadcaster({ sink, clock, random: () => 0.5 });
  const recorder = broadcaster.newRecorder({ component: 'test-controller', host: 'node-a' });
  return { clock, sink, broadcaster, recorder };
}

describe('event recorder', () => {
  it('writes a new event, then turns repeats into patches of count, lastTimestamp and message', async () => {
    const { clock, sink, broadcaster, recorder } = setup();
    recorder.event(pod, 'Warning', 'FailedMount', 'volume not ready');
    await broadcaster.flush();
    await clock.step(5000);
    recorder.event(pod, 'Warning', 'FailedMount', 'volume not ready');
    await broadcaster.flush();
    await clock.step(5000);
    recorder.event(pod, 'Warning', 'FailedMount', 'volume not ready');
    await broadcaster.flush();
    expect(sink.stored.size).toBe(1);
    const [event] = [...sink.stored.values()];
    expect(event).toMatchObject({
      metadata: { namespace: 'team' },
      involvedObject: { kind: 'Pod', apiVersion: 'v1', name: 'web-1', namespace: 'team', uid: 'u-1' },
      reason: 'FailedMount',
      message: 'volume not ready',
      type: 'Warning',
      count: 3,
      firstTimestamp: '2025-01-01T00:00:00Z',
      lastTimestamp: '2025-01-01T00:00:10Z',
      source: { component: 'test-controller', host: 'node-a' },
      reportingComponent: 'test-controller',
      reportingInstance: 'node-a',
    });
    expect(event?.metadata.name).toMatch(/^web-1\.[0-9a-f]+$/);
    expect(sink.calls[1]).toBe(
      `patch ${event?.metadata.name} {"count":2,"lastTimestamp":"2025-01-01T00:00:05Z","message":"volume not ready"}`,
    );
  });

  it('combines the tenth similar event (same reason, new message) into one "(combined from similar events)" event', async () => {
    const { sink, broadcaster, recorder } = setup();
    for (let i = 0; i < 12; i++) recorder.event(pod, 'Normal', 'Progress', `step ${i}`);
    await broadcaster.flush();
    const messages = [...sink.stored.values()].map((e) => `${e.message} x${e.count}`);
    expect(messages.slice(0, 9)).toEqual(Array.from({ length: 9 }, (_, i) => `step ${i} x1`));
    expect(messages.slice(9)).toEqual(['(combined from similar events): step 11 x3']);
  });

  it('drops events beyond the spam filter: 25 per object, then one per 5 minutes', async () => {
    const { clock, sink, broadcaster, recorder } = setup();
    for (let i = 0; i < 30; i++) recorder.event(pod, 'Normal', `Reason${i}`, 'm');
    await broadcaster.flush();
    expect(sink.calls).toHaveLength(25);
    await clock.step(300_000);
    recorder.event(pod, 'Normal', 'Later', 'm');
    recorder.event(pod, 'Normal', 'Later2', 'm');
    await broadcaster.flush();
    expect(sink.calls).toHaveLength(26);
  });

  it('creates the event anew when the one to patch is gone', async () => {
    const { sink, broadcaster, recorder } = setup();
    recorder.event(pod, 'Normal', 'Pulled', 'image pulled');
    await broadcaster.flush();
    sink.stored.clear();
    recorder.event(pod, 'Normal', 'Pulled', 'image pulled');
    await broadcaster.flush();
    expect(sink.calls.map((c) => c.split(' ')[0])).toEqual(['create', 'patch', 'create']);
    expect([...sink.stored.values()][0]?.count).toBe(2);
  });

  it('retries when the server cannot be reached, not when it rejects the event', async () => {
    const { clock, sink, broadcaster, recorder } = setup();
    sink.failNext = [new Error('connect ECONNREFUSED'), new Error('connect ECONNREFUSED')];
    recorder.event(pod, 'Normal', 'A', 'm');
    await flushMicrotasks();
    expect(sink.calls).toHaveLength(1);
    // First wait: 10 s × random (0.5); then 10 s.
    await clock.step(5000);
    expect(sink.calls).toHaveLength(2);
    await clock.step(10_000);
    await broadcaster.flush();
    expect(sink.calls).toHaveLength(3);
    expect(sink.stored.size).toBe(1);

    sink.failNext = [statusError(403, 'Forbidden', 'events is forbidden')];
    recorder.event(pod, 'Normal', 'B', 'm');
    await broadcaster.flush();
    expect(sink.calls).toHaveLength(4);
    expect(logged.some((l) => l.includes('Server rejected event (will not retry!)'))).toBe(true);
  });

  it('refuses objects without apiVersion/kind and unknown event types, logging why', async () => {
    const { sink, broadcaster, recorder } = setup();
    recorder.event({ metadata: { name: 'x' } }, 'Normal', 'A', 'm');
    recorder.event(pod, 'Fancy' as 'Normal', 'A', 'm');
    await broadcaster.flush();
    expect(sink.calls).toEqual([]);
    expect(logged.join('')).toContain('Could not construct reference');
    expect(logged.join('')).toContain('Unsupported event type');
    expect(getReference({ kind: 'Node', name: 'n1' })).toEqual({ kind: 'Node', name: 'n1' });
  });

  it('puts events about cluster-scoped objects in the default namespace, and stops on shutdown', async () => {
    const { clock, sink, broadcaster, recorder } = setup();
    recorder.annotatedEvent(
      { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } },
      { a: 'b' },
      'Normal',
      'Up',
      'm',
    );
    await broadcaster.flush();
    expect([...sink.stored.values()][0]?.metadata).toMatchObject({ namespace: 'default', annotations: { a: 'b' } });
    sink.failNext = [new Error('down')];
    recorder.event(pod, 'Normal', 'C', 'm');
    await flushMicrotasks();
    await broadcaster.shutdown();
    await clock.step(60_000);
    recorder.event(pod, 'Normal', 'D', 'm');
    await broadcaster.flush();
    expect(sink.calls).toHaveLength(2);
  });
});
