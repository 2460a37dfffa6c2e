import { describe, expect, it } from 'vitest';
import { parseSelector } from '../../../fields/parse.js';
import { newEventStorage } from '../../core/event/storage.js';
import { ctxIn, newBackend, statusOf } from '../../generic/registry/testing/fixtures.js';
import { newEventsV1Storage } from './storage.js';

const ns = ctxIn('default');
const now = '2024-05-01T10:00:00.000000Z';

describe('events.k8s.io/v1 events', () => {
  it('share storage with core events, in their own spelling', async () => {
    const { storage } = newBackend();
    const v1 = newEventsV1Storage({ storage });
    const core = newEventStorage({ storage });
    const created = await v1.create(ns, {
      metadata: { name: 'e1' },
      eventTime: now,
      reportingController: 'example.com/ctl',
      reportingInstance: 'ctl-1',
      action: 'Scale',
      reason: 'Scaled',
      note: 'scaled up',
      type: 'Normal',
      regarding: { kind: 'Deployment', namespace: 'default', name: 'web' },
    });
    expect(created).toMatchObject({
      apiVersion: 'events.k8s.io/v1',
      kind: 'Event',
      note: 'scaled up',
      regarding: { name: 'web' },
      reportingController: 'example.com/ctl',
    });
    expect(await core.get(ns, 'e1')).toMatchObject({
      apiVersion: 'v1',
      message: 'scaled up',
      involvedObject: { name: 'web' },
      reportingComponent: 'example.com/ctl',
    });
    const list = await v1.list(ns, { fieldSelector: parseSelector('regarding.name=web') });
    expect(list).toMatchObject({
      apiVersion: 'events.k8s.io/v1',
      kind: 'EventList',
      items: [{ metadata: { name: 'e1' }, note: 'scaled up' }],
    });
  });

  it('apply the strict validation of the new API', async () => {
    const v1 = newEventsV1Storage({ storage: newBackend().storage });
    const err = await statusOf(v1.create(ns, { metadata: { name: 'e2' }, reason: 'X', regarding: { name: 'web' } }));
    expect(err).toMatchObject({ code: 422 });
    expect(err.message).toContain('eventTime: Required value');
  });
});
