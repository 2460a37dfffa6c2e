import { describe, expect, it } from 'vitest';
import { ctxIn, newBackend, statusOf } from '../../generic/registry/testing/fixtures.js';
import { newPodDisruptionBudgetStorage } from './storage.js';

const ns = ctxIn('default');

describe('poddisruptionbudgets', () => {
  it('start with zero counters and validate minAvailable/maxUnavailable', async () => {
    const { store } = newPodDisruptionBudgetStorage({ storage: newBackend().storage });
    const created = await store.create(ns, {
      metadata: { name: 'web' },
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'web' } } },
    });
    expect(created).toMatchObject({
      metadata: { generation: 1 },
      status: { disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 },
    });
    const err = await statusOf(
      store.create(ns, { metadata: { name: 'both' }, spec: { minAvailable: 1, maxUnavailable: 1 } }),
    );
    expect(err.message).toContain('spec: Invalid value:');
  });
});
