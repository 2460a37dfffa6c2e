import { describe, expect, it } from 'vitest';
import { ctxIn, newBackend, statusOf } from '../../generic/registry/testing/fixtures.js';
import { defaultUpdatedObjectInfo } from '../../rest/update.js';
import { newPriorityClassStorage } from './storage.js';

describe('priorityclasses', () => {
  it('default the preemption policy, keep value immutable, and protect system classes', async () => {
    const store = newPriorityClassStorage({ storage: newBackend().storage });
    const created = await store.create(ctxIn(), { metadata: { name: 'high' }, value: 1000 });
    expect(created).toMatchObject({ preemptionPolicy: 'PreemptLowerPriority' });
    const err = await statusOf(store.update(ctxIn(), 'high', defaultUpdatedObjectInfo({ ...created, value: 2000 })));
    expect(err.message).toContain('value: Forbidden: may not be changed in an update.');
    expect(await statusOf(store.delete!(ctxIn(), 'system-node-critical'))).toMatchObject({
      code: 403,
      message:
        'priorityclasses.scheduling.k8s.io "system-node-critical" is forbidden: this is a system priority class and cannot be deleted',
    });
  });
});
