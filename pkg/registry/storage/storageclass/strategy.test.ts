import { describe, expect, it } from 'vitest';
import { ctxIn, newBackend, statusOf } from '../../generic/registry/testing/fixtures.js';
import { defaultUpdatedObjectInfo } from '../../rest/update.js';
import { newStorageClassStorage } from './storage.js';

describe('storageclasses', () => {
  it('default reclaimPolicy and volumeBindingMode, and forbid changing parameters', async () => {
    const store = newStorageClassStorage({ storage: newBackend().storage });
    const created = await store.create(ctxIn(), {
      metadata: { name: 'standard' },
      provisioner: 'example.com/disk',
      parameters: { type: 'ssd' },
    });
    expect(created).toMatchObject({ reclaimPolicy: 'Delete', volumeBindingMode: 'Immediate' });
    const err = await statusOf(
      store.update(ctxIn(), 'standard', defaultUpdatedObjectInfo({ ...created, parameters: { type: 'hdd' } })),
    );
    expect(err.message).toContain('parameters: Forbidden: updates to parameters are forbidden.');
  });
});
