import { describe, expect, it } from 'vitest';
import { ctxIn, newBackend, statusOf } from '../../generic/registry/testing/fixtures.js';
import { defaultUpdatedObjectInfo } from '../../rest/update.js';
import { newIngressClassStorage } from './storage.js';

describe('ingressclasses', () => {
  it('are cluster-scoped, without status, with an immutable controller', async () => {
    const store = newIngressClassStorage({ storage: newBackend().storage });
    const created = await store.create(ctxIn(), {
      metadata: { name: 'nginx' },
      spec: { controller: 'k8s.io/ingress-nginx' },
    });
    expect(created).toMatchObject({ metadata: { generation: 1 } });
    expect(created.status).toBeUndefined();
    const err = await statusOf(
      store.update(
        ctxIn(),
        'nginx',
        defaultUpdatedObjectInfo({ ...created, spec: { controller: 'example.com/other' } }),
      ),
    );
    expect(err.message).toContain('spec.controller: Invalid value: "example.com/other": field is immutable');
  });
});
