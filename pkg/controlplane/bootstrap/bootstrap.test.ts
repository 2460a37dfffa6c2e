import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../apis/meta/v1/types.js';
import { newAllocator } from '../../registry/core/service/ipallocator/allocator.js';
import { serviceIPHooks } from '../../registry/core/service/ipallocator/service-ips.js';
import { newStore } from '../../registry/generic/registry/store.js';
import type { StoreOptions } from '../../registry/generic/registry/store-options.js';
import { configMapStrategy, newBackend } from '../../registry/generic/registry/testing/fixtures.js';
import { newSystemContext } from '../../registry/rest/context.js';
import { defaultUpdatedObjectInfo } from '../../registry/rest/update.js';
import { bootstrapControlPlane, runBootstrapController, type BootstrapOptions } from './bootstrap.js';

const sys = newSystemContext();
const inDefault = newSystemContext('default');

function setup() {
  const backend = newBackend();
  const allocator = newAllocator(backend.storage, '10.96.0.0/12');
  const store = (
    group: string,
    version: string,
    resource: string,
    kind: string,
    namespaced: boolean,
    extra: Partial<StoreOptions> = {},
  ) => {
    const strategy = configMapStrategy({ namespaceScoped: namespaced });
    return newStore({
      restOptions: { storage: backend.storage },
      qualifiedResource: { group, resource },
      kind: { group, version, kind },
      createStrategy: strategy,
      updateStrategy: strategy,
      deleteStrategy: strategy,
      ...extra,
    });
  };
  const opts: BootstrapOptions = {
    namespaces: store('', 'v1', 'namespaces', 'Namespace', false),
    services: store('', 'v1', 'services', 'Service', true, {
      resourcePrefix: 'services/specs',
      ...serviceIPHooks(allocator),
    }),
    endpoints: store('', 'v1', 'endpoints', 'Endpoints', true, { resourcePrefix: 'services/endpoints' }),
    endpointSlices: store('discovery.k8s.io', 'v1', 'endpointslices', 'EndpointSlice', true),
    priorityClasses: store('scheduling.k8s.io', 'v1', 'priorityclasses', 'PriorityClass', false),
    clusterIP: allocator.firstIP,
    securePort: 6443,
    advertiseAddress: '192.168.1.10',
  };
  return { backend, allocator, opts };
}

const running: AbortController[] = [];
afterEach(() => {
  for (const a of running.splice(0)) a.abort();
});

describe('control plane bootstrap', () => {
  it('creates the system namespaces, the kubernetes service with its endpoints, and the priority classes', async () => {
    const { allocator, opts } = setup();
    await bootstrapControlPlane(opts);
    const ns = await (opts.namespaces as ReturnType<typeof newStore>).list(sys);
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
    expect(await opts.endpointSlices!.get(inDefault, 'kubernetes')).toMatchObject({
      addressType: 'IPv4',
      endpoints: [{ addresses: ['192.168.1.10'], conditions: { ready: true } }],
      metadata: { labels: { 'kubernetes.io/service-name': 'kubernetes' } },
    });
    const pcs = await (opts.priorityClasses as ReturnType<typeof newStore>).list(sys);
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
        spec: { ...(svc.spec as object), ports: [{ name: 'https', protocol: 'TCP', port: 8443, targetPort: 1 }] },
      }),
    );
    const ep = await opts.endpoints.get(inDefault, 'kubernetes');
    await opts.endpoints.update(inDefault, 'kubernetes', defaultUpdatedObjectInfo({ ...ep, subsets: [] }));
    await bootstrapControlPlane({ ...opts, advertiseAddress: '192.168.1.11' });
    expect(((await opts.services.get(inDefault, 'kubernetes')).spec as { ports: unknown }).ports).toEqual([
      { name: 'https', protocol: 'TCP', port: 443, targetPort: 6443 },
    ]);
    expect(
      ((await opts.endpoints.get(inDefault, 'kubernetes')).subsets as { addresses: unknown }[])[0]?.addresses,
    ).toEqual([{ ip: '192.168.1.11' }]);
  });

  it('keeps re-creating what was deleted while the controller runs, and becomes ready after the first pass', async () => {
    const { opts } = setup();
    const abort = new AbortController();
    running.push(abort);
    const { ready, done } = runBootstrapController(opts, abort.signal, { intervalMs: 20, retryMs: 5 });
    await ready;
    await (opts.services as ReturnType<typeof newStore>).delete(inDefault, 'kubernetes');
    let svc: KubeObject | undefined;
    for (let i = 0; i < 200 && !svc; i++) {
      svc = await opts.services.get(inDefault, 'kubernetes').catch(() => undefined);
      if (!svc) await new Promise((r) => setTimeout(r, 10));
    }
    expect((svc?.spec as { clusterIP?: string } | undefined)?.clusterIP).toBe('10.96.0.1');
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
