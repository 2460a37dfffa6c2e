import { describe, expect, it } from 'vitest';
import type { Ingress } from '../../../apis/networking/v1/types.js';
import { ctxIn, newBackend } from '../../generic/registry/testing/fixtures.js';
import { defaultUpdatedObjectInfo } from '../../rest/update.js';
import { newIngressStorage } from './storage.js';

const ns = ctxIn('default');
const ingress = (): Ingress =>
  ({
    metadata: { name: 'web' },
    spec: {
      rules: [
        {
          host: 'example.com',
          http: {
            paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } }],
          },
        },
      ],
    },
  }) as Ingress;

describe('ingresses', () => {
  it('start with an empty load balancer status that only /status changes', async () => {
    const { store, status } = newIngressStorage({ storage: newBackend().storage });
    const created = (await store.create(ns, ingress())) as Ingress;
    expect(created).toMatchObject({ metadata: { generation: 1 }, status: { loadBalancer: {} } });
    const ignored = (
      await store.update(
        ns,
        'web',
        defaultUpdatedObjectInfo({ ...created, status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } } }),
      )
    ).object;
    expect(ignored.status).toEqual({ loadBalancer: {} });
    const set = (
      await status!.update(
        ns,
        'web',
        defaultUpdatedObjectInfo({ ...created, status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } } }),
      )
    ).object;
    expect(set.status).toEqual({ loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } });
  });
});
