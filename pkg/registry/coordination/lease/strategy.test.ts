import { describe, expect, it } from 'vitest';
import { ctxIn, newBackend, statusOf } from '../../generic/registry/testing/fixtures.js';
import { defaultUpdatedObjectInfo } from '../../rest/update.js';
import { newLeaseStorage } from './storage.js';

const ns = ctxIn('kube-node-lease');

describe('leases', () => {
  it('are created by PUT and updated only with a resourceVersion', async () => {
    const store = newLeaseStorage({ storage: newBackend().storage });
    const { object, created } = await store.update(
      ns,
      'node-1',
      defaultUpdatedObjectInfo({
        metadata: { name: 'node-1' },
        spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40 },
      }),
    );
    expect(created).toBe(true);
    expect(object).toMatchObject({
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      spec: { holderIdentity: 'node-1' },
    });
    const unconditional = await statusOf(
      store.update(
        ns,
        'node-1',
        defaultUpdatedObjectInfo({ metadata: { name: 'node-1' }, spec: { holderIdentity: 'x' } }),
      ),
    );
    expect(unconditional).toMatchObject({
      code: 422,
      message:
        'leases.coordination.k8s.io "node-1" is invalid: metadata.resourceVersion: Invalid value: 0: must be specified for an update',
    });
    const renewed = await store.update(
      ns,
      'node-1',
      defaultUpdatedObjectInfo({
        ...object,
        spec: { holderIdentity: 'node-1', leaseDurationSeconds: 40, renewTime: '2024-01-01T00:00:00.000000Z' },
      }),
    );
    expect(renewed.created).toBe(false);
  });

  it('validates the spec', async () => {
    const store = newLeaseStorage({ storage: newBackend().storage });
    const err = await statusOf(store.create(ns, { metadata: { name: 'x' }, spec: { leaseDurationSeconds: 0 } }));
    expect(err.message).toContain('spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0');
  });
});
