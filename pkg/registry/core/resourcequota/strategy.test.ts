import { describe, expect, it } from 'vitest';
import { ctxIn, newBackend } from '../../generic/registry/testing/fixtures.js';
import { defaultUpdatedObjectInfo } from '../../rest/update.js';
import { newResourceQuotaStorage } from './storage.js';

const ns = ctxIn('default');

describe('resourcequotas', () => {
  it('leave status to /status', async () => {
    const { store, status } = newResourceQuotaStorage({ storage: newBackend().storage });
    const rq = await store.create(ns, {
      metadata: { name: 'q' },
      spec: { hard: { pods: '10' } },
      status: { used: { pods: '3' } },
    });
    expect(rq.status).toEqual({});
    const { object } = await status.update(
      ns,
      'q',
      defaultUpdatedObjectInfo({ ...rq, status: { hard: { pods: '10' }, used: { pods: '3' } } }),
    );
    expect(object).toMatchObject({ status: { used: { pods: '3' } } });
  });
});
