import { describe, expect, it } from 'vitest';
import type { Service } from '../../../apis/core/v1/types.js';
import { ctxIn, newBackend, statusOf } from '../../generic/registry/testing/fixtures.js';
import { defaultUpdatedObjectInfo } from '../../rest/update.js';
import { newAllocator } from './ipallocator/allocator.js';
import { newPortAllocator } from './portallocator/allocator.js';
import { newServiceStorage } from './storage.js';

const ns = ctxIn('default');

function setup() {
  const { storage } = newBackend();
  const allocators = { ip: newAllocator(storage, '10.96.0.0/24'), nodePort: newPortAllocator(storage, '30000-30009') };
  return { ...newServiceStorage({ storage }, allocators), allocators };
}

const svc = (name: string, spec: Service['spec']): Service => ({ metadata: { name }, spec });

describe('services', () => {
  it('defaults a ClusterIP service and allocates its address and family', async () => {
    const { store } = setup();
    const out = await store.create(ns, svc('web', { selector: { app: 'web' }, ports: [{ port: 80 }] }));
    expect(out.spec).toMatchObject({
      type: 'ClusterIP',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ipFamilies: ['IPv4'],
      ipFamilyPolicy: 'SingleStack',
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
    });
    expect(out.spec?.clusterIP).toMatch(/^10\.96\.0\.\d+$/);
    expect(out.spec?.clusterIPs).toEqual([out.spec?.clusterIP]);
    expect(out.status).toEqual({ loadBalancer: {} });
  });

  it('keeps allocated values when the original manifest is applied again', async () => {
    const { store } = setup();
    const manifest = svc('np', { type: 'NodePort', selector: { app: 'x' }, ports: [{ name: 'http', port: 80 }] });
    const created = await store.create(ns, structuredClone(manifest));
    const nodePort = created.spec?.ports?.[0]?.nodePort ?? 0;
    expect(nodePort).toBeGreaterThanOrEqual(30000);
    expect(created.spec?.externalTrafficPolicy).toBe('Cluster');
    const { object } = await store.update(ns, 'np', defaultUpdatedObjectInfo(structuredClone(manifest)));
    expect(object.spec).toMatchObject({ clusterIP: created.spec?.clusterIP, ports: [{ nodePort }] });
  });

  it('rejects a node port that is taken or out of range, with upstream wording', async () => {
    const { store } = setup();
    await store.create(ns, svc('a', { type: 'NodePort', ports: [{ port: 80, nodePort: 30001 }] }));
    const taken = await statusOf(
      store.create(ns, svc('b', { type: 'NodePort', ports: [{ port: 80, nodePort: 30001 }] })),
    );
    expect(taken).toMatchObject({
      code: 422,
      message:
        'Service "b" is invalid: spec.ports[0].nodePort: Invalid value: 30001: provided port is already allocated',
    });
    const outside = await statusOf(
      store.create(ns, svc('c', { type: 'NodePort', ports: [{ port: 80, nodePort: 31000 }] })),
    );
    expect(outside.message).toBe(
      'Service "c" is invalid: spec.ports[0].nodePort: Invalid value: 31000: provided port is not in the valid range. The range of valid ports is 30000-30009',
    );
  });

  it('releases node ports when a service stops needing them, and everything on delete', async () => {
    const { store, allocators } = setup();
    const created = await store.create(ns, svc('a', { type: 'NodePort', ports: [{ port: 80, nodePort: 30001 }] }));
    const toClusterIP = structuredClone(created);
    toClusterIP.spec!.type = 'ClusterIP';
    delete toClusterIP.spec!.externalTrafficPolicy;
    const { object } = await store.update(ns, 'a', defaultUpdatedObjectInfo(toClusterIP));
    expect(object.spec?.ports?.[0]?.nodePort).toBeUndefined();
    await store.create(ns, svc('b', { type: 'NodePort', ports: [{ port: 80, nodePort: 30001 }] }));
    await store.delete!(ns, 'b');
    await store.delete!(ns, 'a');
    expect(await allocators.ip.ownerOf(created.spec?.clusterIP ?? '')).toBeUndefined();
    await store.create(ns, svc('c', { type: 'NodePort', ports: [{ port: 80, nodePort: 30001 }] }));
  });

  it('shares one node port between TCP and UDP on the same port', async () => {
    const { store } = setup();
    const out = await store.create(
      ns,
      svc('dns', {
        type: 'NodePort',
        ports: [
          { name: 'tcp', port: 53 },
          { name: 'udp', port: 53, protocol: 'UDP' },
        ],
      }),
    );
    expect(out.spec?.ports?.[0]?.nodePort).toBe(out.spec?.ports?.[1]?.nodePort);
  });

  it('defaults headless services without selector to RequireDualStack, and ExternalName to no address', async () => {
    const { store } = setup();
    const headless = await store.create(ns, svc('h', { clusterIP: 'None', ports: [{ port: 80 }] }));
    expect(headless.spec).toMatchObject({
      clusterIP: 'None',
      clusterIPs: ['None'],
      ipFamilyPolicy: 'RequireDualStack',
      ipFamilies: ['IPv4', 'IPv6'],
    });
    const ext = await store.create(ns, svc('e', { type: 'ExternalName', externalName: 'example.com' }));
    expect(ext.spec?.clusterIP).toBeUndefined();
    expect(ext.spec?.ipFamilies).toBeUndefined();
  });

  it('refuses to change the cluster IP', async () => {
    const { store } = setup();
    const created = await store.create(ns, svc('a', { ports: [{ port: 80 }] }));
    const changed = structuredClone(created);
    changed.spec!.clusterIP = '10.96.0.200';
    changed.spec!.clusterIPs = ['10.96.0.200'];
    const err = await statusOf(store.update(ns, 'a', defaultUpdatedObjectInfo(changed)));
    expect(err).toMatchObject({ code: 422 });
    expect(err.message).toContain(
      'spec.clusterIPs[0]: Invalid value: []string{"10.96.0.200"}: may not change once set',
    );
  });

  it('takes only status through /status, and allocates or releases nothing there', async () => {
    const { store, status, allocators } = setup();
    const created = await store.create(ns, svc('lb', { type: 'LoadBalancer', ports: [{ port: 80 }] }));
    const next = structuredClone(created);
    next.spec!.ports![0]!.port = 81;
    // Through the main resource this would give the cluster IP back.
    next.spec!.type = 'ExternalName';
    next.status = { loadBalancer: { ingress: [{ ip: '1.2.3.4', ipMode: 'VIP' }] } };
    const { object } = await status.update(ns, 'lb', defaultUpdatedObjectInfo(next));
    expect(object).toMatchObject({
      spec: { type: 'LoadBalancer', ports: [{ port: 80 }] },
      status: { loadBalancer: { ingress: [{ ip: '1.2.3.4' }] } },
    });
    expect(await allocators.ip.ownerOf(created.spec?.clusterIP ?? '')).toEqual({ namespace: 'default', name: 'lb' });
  });
});
