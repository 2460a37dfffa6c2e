import { describe, expect, it } from 'vitest';
import { parseSelector } from '../../../fields/parse.js';
import { ctxIn, newBackend, statusOf } from '../../generic/registry/testing/fixtures.js';
import { newEventStorage } from './storage.js';

const ns = ctxIn('default');

describe('events', () => {
  it('require the involved object in the event namespace and select on involvedObject fields', async () => {
    const store = newEventStorage({ storage: newBackend().storage });
    await store.create(ns, {
      metadata: { name: 'e1' },
      involvedObject: { kind: 'Pod', name: 'web', namespace: 'default' },
      reason: 'Started',
      type: 'Normal',
    });
    const err = await statusOf(
      store.create(ns, { metadata: { name: 'e2' }, involvedObject: { kind: 'Pod', name: 'web', namespace: 'other' } }),
    );
    expect(err.message).toContain('involvedObject.namespace: Invalid value: "other": does not match event.namespace');
    const list = await store.list(ns, { fieldSelector: parseSelector('involvedObject.kind=Pod,reason=Started') });
    expect(list.items.map((i) => i.metadata.name)).toEqual(['e1']);
  });
});
