import { describe, expect, it } from 'vitest';
import { ctxIn, newBackend } from '../../generic/registry/testing/fixtures.js';
import { defaultUpdatedObjectInfo } from '../../rest/update.js';
import { newNetworkPolicyStorage } from './storage.js';

const ns = ctxIn('default');

describe('networkpolicies', () => {
  it('default policyTypes and track generation', async () => {
    const store = newNetworkPolicyStorage({ storage: newBackend().storage });
    const created = await store.create(ns, { metadata: { name: 'deny' }, spec: { podSelector: {} } });
    expect(created).toMatchObject({ metadata: { generation: 1 }, spec: { policyTypes: ['Ingress'] } });
    expect(created.status).toBeUndefined();
    const { object } = await store.update(
      ns,
      'deny',
      defaultUpdatedObjectInfo({ ...created, spec: { podSelector: { matchLabels: { app: 'x' } } } }),
    );
    expect(object.metadata.generation).toBe(2);
  });
});
