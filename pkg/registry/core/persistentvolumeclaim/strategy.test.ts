import { describe, expect, it } from 'vitest';
import { ctxIn, newBackend, statusOf } from '../../generic/registry/testing/fixtures.js';
import { newPersistentVolumeClaimStorage } from './storage.js';

const ns = ctxIn('default');

describe('persistentvolumeclaims', () => {
  it('start Pending and require access modes and a storage request', async () => {
    const { store } = newPersistentVolumeClaimStorage({ storage: newBackend().storage });
    const pvc = await store.create(ns, {
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    });
    expect(pvc).toMatchObject({ spec: { volumeMode: 'Filesystem' }, status: { phase: 'Pending' } });
    const err = await statusOf(
      store.create(ns, { metadata: { name: 'bad' }, spec: { resources: { requests: { storage: '1Gi' } } } }),
    );
    expect(err.message).toContain('spec.accessModes: Required value: at least 1 access mode is required');
  });
});
