import { afterEach, describe, expect, it } from 'vitest';
import type { Endpoints, Namespace, Service } from '../../apis/core/v1/types.js';
import type { EndpointSlice } from '../../apis/discovery/v1/types.js';
import type { KubeObject } from '../../apis/meta/v1/types.js';
import type { PriorityClass } from '../../apis/scheduling/v1/types.js';
import { newAllocator } from '../../registry/core/service/ipallocator/allocator.js';
import { serviceIPHooks } from '../../registry/core/service/ipallocator/service-ips.js';
import { newRegistryStore } from '../../registry/generic/registry/store.js';
import type { RegistryStoreOptions } from '../../registry/generic/registry/store-options.js';
import { configMapStrategy, newBackend } from '../../registry/generic/registry/testing/fixtures.js';
import { newSystemContext } from '../../endpoints/request/context.js';
import { defaultUpdatedObjectInfo } from '../../registry/rest/update.js';
import { bootstrapControlPlane, runBootstrapController, type BootstrapOptions } from './bootstrap.js';

const sys = newSystemContext();
const inDefault = newSystemContext('default');

function setup() {
  const backend = newBackend();
  const allocator = newAllocator(backend.storage, '10.96.0.0/12');
  const store = <T extends KubeObject>(
    group: string,
    resource: string,
    kind: string,
    namespaced: boolean,
    extra: Partial<RegistryStoreOptions<T>> = {},
  ) =>
    newRegistryStore<T>(
      { storage: backend.storage },
      {
        resource: { group, version: 'v1', resource, kind },
        strategy: configMapStrategy({ namespaceScoped: namespaced }),
        ...extra,
      },
    );
  const stores = {
    namespaces: store<Namespace>('', 'namespaces', 'Namespace', false),
    services: store<Service>('', 'services', 'Service', true, {
      resourcePrefix: 'services/specs',
      ...serviceIPHooks(allocator),
    }),
    endpoints: store<Endpoints>('', 'endpoints', 'Endpoints', true, { resourcePrefix: 'services/endpoints' }),
    endpointSlices: store<EndpointSlice>('discovery.k8s.io', 'endpointslices', 'EndpointSlice', true),
    priorityClasses: store<PriorityClass>('scheduling.k8s.io', 'priorityclasses', 'PriorityClass', false),
  };
  const opts: BootstrapOptions = {
    ...stores,
    clusterIP: allocator.firstIP,
    securePort: 6443,
    advertiseAddress: '192.168.1.10',
  };
  return { backend, allocator, opts, stores };
}

const running: AbortController[] = [];
afterEach(() => {
  for (const a of running.splice(0)) a.abort();
});

describe('control plane bootstrap', () => {
  it('creates the system namespaces, the kubernetes service with its endpoints, and the priority classes', async () => {
    const { allocator, opts, stores } = setup();
    await bootstrapControlPlane(opts);
    const ns = await stores.namespaces.list(sys);
    expect(ns.items.map((n) => n.metadata.name)).toEqual(['default', 'kube-node-lease', 'kube-public', 'kube-system']);
    const svc = await opts.services.get(inDefault, 'kubernetes');
    expect(svc).toMatchObject({
      metadata: { labels: { component: 'apiserver', provider: 'kubernetes' } },
      spec: {
        type: 'ClusterIP',
        clusterIP: '10.96.0.1',
        clusterIPs: ['10.96.0.1'],
        ports: [{ name: 'https', protocol: 'TCP', port: 443, targetPort: 6443 }],
      },
    });
    expect(await allocator.ownerOf('10.96.0.1')).toEqual({ namespace: 'default', name: 'kubernetes' });
    expect(await opts.endpoints.get(inDefault, 'kubernetes')).toMatchObject({
      subsets: [{ addresses: [{ ip: '192.168.1.10' }], ports: [{ name: 'https', port: 6443, protocol: 'TCP' }] }],
    });
    expect(await stores.endpointSlices.get(inDefault, 'kubernetes')).toMatchObject({
      addressType: 'IPv4',
      endpoints: [{ addresses: ['192.168.1.10'], conditions: { ready: true } }],
      metadata: { labels: { 'kubernetes.io/service-name': 'kubernetes' } },
    });
    const pcs = await stores.priorityClasses.list(sys);
    expect(pcs.items.map((p) => [p.metadata.name, p.value])).toEqual([
      ['system-cluster-critical', 2000000000],
      ['system-node-critical', 2000001000],
    ]);
  });

  it('is idempotent: a second pass writes nothing', async () => {
    const { backend, opts } = setup();
    await bootstrapControlPlane(opts);
    const rev = await backend.storage.currentResourceVersion();
    await bootstrapControlPlane(opts);
    expect(await backend.storage.currentResourceVersion()).toBe(rev);
  });

  it('puts back ports and endpoints that drifted', async () => {
    const { opts } = setup();
    await bootstrapControlPlane(opts);
    const svc = await opts.services.get(inDefault, 'kubernetes');
    await opts.services.update(
      inDefault,
      'kubernetes',
      defaultUpdatedObjectInfo({
        ...svc,
        spec: { ...svc.spec, ports: [{ name: 'https', protocol: 'TCP', port: 8443, targetPort: 1 }] },
      }),
    );
    const ep = await opts.endpoints.get(inDefault, 'kubernetes');
    await opts.endpoints.update(inDefault, 'kubernetes', defaultUpdatedObjectInfo({ ...ep, subsets: [] }));
    await bootstrapControlPlane({ ...opts, advertiseAddress: '192.168.1.11' });
    expect((await opts.services.get(inDefault, 'kubernetes')).spec?.ports).toEqual([
      { name: 'https', protocol: 'TCP', port: 443, targetPort: 6443 },
    ]);
    expect((await opts.endpoints.get(inDefault, 'kubernetes')).subsets?.[0]?.addresses).toEqual([
      { ip: '192.168.1.11' },
    ]);
  });

  it('keeps re-creating what was deleted while the controller runs, and becomes ready after the first pass', async () => {
    const { opts, stores } = setup();
    const abort = new AbortController();
    running.push(abort);
    const { ready, done } = runBootstrapController(opts, abort.signal, { intervalMs: 20, retryMs: 5 });
    await ready;
    await stores.services.delete(inDefault, 'kubernetes');
    let svc: Service | undefined;
    for (let i = 0; i < 200 && !svc; i++) {
      svc = await opts.services.get(inDefault, 'kubernetes').catch(() => undefined);
      if (!svc) await new Promise((r) => setTimeout(r, 10));
    }
    expect(svc?.spec?.clusterIP).toBe('10.96.0.1');
    abort.abort();
    await done;
  });

  it('retries a failing pass', async () => {
    const { opts } = setup();
    let failures = 2;
    const flaky = {
      ...opts,
      namespaces: {
        create: async (ctx: typeof sys, obj: KubeObject) => {
          if (failures-- > 0) throw new Error('storage unavailable');
          return opts.namespaces.create(ctx, obj);
        },
      },
    };
    const abort = new AbortController();
    running.push(abort);
    const { ready } = runBootstrapController(flaky, abort.signal, { intervalMs: 1000, retryMs: 5 });
    await ready;
    expect(failures).toBeLessThan(0);
  });
});
