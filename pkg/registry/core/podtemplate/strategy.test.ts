import { describe, expect, it } from 'vitest';
import { ctxIn, newBackend, statusOf } from '../../generic/registry/testing/fixtures.js';
import { newPodTemplateStorage } from './storage.js';

const ns = ctxIn('default');

describe('podtemplates', () => {
  it('default the pod spec and validate it', async () => {
    const store = newPodTemplateStorage({ storage: newBackend().storage });
    const pt = await store.create(ns, {
      metadata: { name: 't' },
      template: { spec: { containers: [{ name: 'c', image: 'nginx' }] } },
    });
    expect(pt).toMatchObject({
      template: {
        spec: { restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', containers: [{ imagePullPolicy: 'Always' }] },
      },
    });
    const err = await statusOf(store.create(ns, { metadata: { name: 'bad' }, template: { spec: { containers: [] } } }));
    expect(err.message).toContain('template.spec.containers: Required value');
  });
});
