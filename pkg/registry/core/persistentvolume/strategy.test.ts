import { describe, expect, it } from 'vitest';
import { ctxIn, newBackend, statusOf } from '../../generic/registry/testing/fixtures.js';
import { newPersistentVolumeStorage } from './storage.js';

describe('persistentvolumes', () => {
  it('start Pending with a reclaim policy and require exactly one source', async () => {
    const { store } = newPersistentVolumeStorage({ storage: newBackend().storage });
    const pv = await store.create(ctxIn(), {
      metadata: { name: 'pv1' },
      spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'], hostPath: { path: '/data' } },
    });
    expect(pv).toMatchObject({
      spec: { persistentVolumeReclaimPolicy: 'Retain', volumeMode: 'Filesystem' },
      status: { phase: 'Pending', lastPhaseTransitionTime: expect.any(String) },
    });
    const err = await statusOf(
      store.create(ctxIn(), {
        metadata: { name: 'pv2' },
        spec: { capacity: { storage: '1Gi' }, accessModes: ['ReadWriteOnce'] },
      }),
    );
    expect(err.message).toContain('spec: Required value: must specify a volume type');
  });
});
