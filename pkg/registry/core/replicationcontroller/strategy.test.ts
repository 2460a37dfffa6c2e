import { describe, expect, it } from 'vitest';
import { ctxIn, newBackend, statusOf } from '../../generic/registry/testing/fixtures.js';
import { newReplicationControllerStorage } from './storage.js';

const ns = ctxIn('default');
const rc = {
  metadata: { name: 'web' },
  spec: {
    selector: { app: 'web' },
    template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
  },
};

describe('replicationcontrollers', () => {
  it('default replicas, start with a zero status and scale', async () => {
    const { store, scale } = newReplicationControllerStorage({ storage: newBackend().storage });
    const created = await store.create(ns, structuredClone(rc));
    expect(created).toMatchObject({
      metadata: { generation: 1, labels: { app: 'web' } },
      spec: { replicas: 1 },
      status: { replicas: 0 },
    });
    const { object } = await scale.update(ns, 'web', async (s) => ({ ...s!, spec: { replicas: 2 } }));
    expect(object).toMatchObject({ spec: { replicas: 2 }, status: { replicas: 0, selector: 'app=web' } });
    const err = await statusOf(scale.update(ns, 'web', async (s) => ({ ...s!, spec: { replicas: -1 } })));
    expect(err).toMatchObject({
      code: 422,
      message:
        'Scale.autoscaling "web" is invalid: spec.replicas: Invalid value: -1: must be greater than or equal to 0',
    });
  });
});
