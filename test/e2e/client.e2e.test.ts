/**
 * pkg/client against the built bundle: the library every controller, the scheduler and the test
 * harness build on. Typed and dynamic CRUD from the admin kubeconfig (client certificates), a
 * shared informer that sees a burst of writes exactly once and in order (and the same events as
 * @kubernetes/client-node's informer), one watch for two handlers, a re-list after etcd compaction
 * (410), leader election handing over between two electors, the event recorder aggregating
 * repeats, and discovery + RESTMapper finding a custom resource.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import { KubeConfig, makeInformer, CoreV1Api, type V1ConfigMap } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isConflict, isNotFound } from '../../pkg/api/errors/errors.js';
import type { ConfigMap } from '../../pkg/apis/core/v1/types.js';
import type { Deployment } from '../../pkg/apis/apps/v1/types.js';
import type { KubeObject } from '../../pkg/apis/meta/v1/types.js';
import { buildConfigFromFlags, type RESTConfig } from '../../pkg/client/tools/clientcmd/client-config.js';
import { DiscoveryClient } from '../../pkg/client/discovery/discovery-client.js';
import { newDynamicClientForConfig } from '../../pkg/client/dynamic/client.js';
import { newDynamicSharedInformerFactory } from '../../pkg/client/dynamic/dynamicinformer.js';
import { newSharedInformerFactory } from '../../pkg/client/informers/factory.js';
import { newClientsetForConfig, type Clientset } from '../../pkg/client/kubernetes/clientset.js';
import { configMaps, deployments, events, leases, namespaces } from '../../pkg/client/kubernetes/resources.js';
import { runWithLeaderElection } from '../../pkg/client/leader-election.js';
import { RESTClient } from '../../pkg/client/rest/client.js';
import { DeferredDiscoveryRESTMapper } from '../../pkg/client/restmapper/restmapper.js';
import { DeletedFinalStateUnknown } from '../../pkg/client/tools/cache/store.js';
import { newEventBroadcaster, newEventSink } from '../../pkg/client/tools/record/event.js';
import { describeWithEtcd } from '../../pkg/storage/kv/testing/describe-with-etcd.js';
import { killAll, removeTempDirs } from './support/bundle.js';
import { startAPIServer, useAPIServer, type RunningAPIServer } from './support/apiserver.js';

const getServer = useAPIServer();
const ns = 'client-lib';
/** Everything this file opens, closed at the end. */
const toClose: { close(): Promise<void> }[] = [];
const aborts: AbortController[] = [];
afterAll(async () => {
  for (const a of aborts) a.abort();
  for (const c of toClose) await c.close();
});

function configFor(server: RunningAPIServer, extra: Partial<RESTConfig> = {}): RESTConfig {
  return { ...buildConfigFromFlags(undefined, server.kubeconfig), qps: 200, burst: 400, ...extra };
}

function clientset(server: RunningAPIServer = getServer(), extra: Partial<RESTConfig> = {}): Clientset {
  const cs = newClientsetForConfig(configFor(server, extra));
  toClose.push(cs);
  return cs;
}

function abortLater(): AbortController {
  const a = new AbortController();
  aborts.push(a);
  return a;
}

/** Polls `check` every 20 ms; fails naming `what` after `timeoutMs`. */
async function until(what: string, check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const cm = (name: string, data: Record<string, string> = {}, labels: Record<string, string> = {}): ConfigMap => ({
  metadata: { name, labels },
  data,
});

beforeAll(async () => {
  await clientset()
    .resource(namespaces)
    .create({ metadata: { name: ns } });
});

describe('typed client', () => {
  it('creates, reads, lists, updates with optimistic concurrency, patches three ways and deletes', async () => {
    const cms = clientset().resource(configMaps).namespace(ns);
    const created = await cms.create(cm('crud', { a: '1' }, { app: 'crud' }));
    expect(created.metadata).toMatchObject({ name: 'crud', namespace: ns });
    expect(created.metadata.uid).toBeTruthy();
    expect((await cms.get('crud')).data).toEqual({ a: '1' });
    await cms.create(cm('other', {}, { app: 'other' }));
    const listed = await cms.list({ labelSelector: 'app=crud' });
    expect(listed.items.map((i) => [i.kind, i.apiVersion, i.metadata.name])).toEqual([['ConfigMap', 'v1', 'crud']]);

    const updated = await cms.update({ ...created, data: { a: '2' } });
    expect(updated.data).toEqual({ a: '2' });
    const stale = await cms.update({ ...created, data: { a: 'stale' } }).catch((e: unknown) => e);
    expect(isConflict(stale)).toBe(true);

    expect((await cms.patch('crud', 'merge', { data: { b: 'merge' } })).data).toEqual({ a: '2', b: 'merge' });
    expect((await cms.patch('crud', 'strategic', { data: { c: 'smp' } })).data).toMatchObject({ c: 'smp' });
    const jsonPatched = await cms.patch('crud', 'json', [{ op: 'remove', path: '/data/a' }]);
    expect(jsonPatched.data).toEqual({ b: 'merge', c: 'smp' });

    await cms.delete('crud');
    expect(isNotFound(await cms.get('crud').catch((e: unknown) => e))).toBe(true);
    await cms.deleteCollection({}, { labelSelector: 'app=other' });
    expect((await cms.list()).items).toEqual([]);
  });

  it('writes status through updateStatus only', async () => {
    const deploys = clientset().resource(deployments).namespace(ns);
    const d: Deployment = {
      metadata: { name: 'web' },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'web', image: 'nginx' }] } },
      },
    };
    const created = await deploys.create(d);
    const withStatus = await deploys.updateStatus({
      ...created,
      spec: { ...created.spec, replicas: 5 },
      status: { observedGeneration: 1, replicas: 1 },
    });
    expect(withStatus.status).toMatchObject({ observedGeneration: 1, replicas: 1 });
    expect(withStatus.spec?.replicas).toBe(1);
  });

  it('reports a server error with its Status, and refuses a scope that does not exist', async () => {
    const err = await clientset()
      .resource(configMaps)
      .namespace('no-such-ns')
      .create(cm('x'))
      .catch((e: unknown) => e);
    expect(isNotFound(err)).toBe(true);
    expect((err as Error).message).toBe('namespaces "no-such-ns" not found');
    expect(() => clientset().resource(namespaces).namespace('x')).toThrow('namespaces is not namespaced');
  });
});

describe('informers', () => {
  it('see every event of a burst of writes exactly once and in order, as client-node does', async () => {
    const burstNs = 'client-burst';
    const writer = clientset();
    await writer.resource(namespaces).create({ metadata: { name: burstNs } });
    const factory = newSharedInformerFactory(clientset(), { namespace: burstNs });
    const informer = factory.forResource(configMaps);
    const ours: string[] = [];
    informer.addEventHandler({
      onAdd: (o) => ours.push(`ADDED ${o.metadata.name} ${o.metadata.resourceVersion}`),
      onUpdate: (_old, o) => ours.push(`MODIFIED ${o.metadata.name} ${o.metadata.resourceVersion}`),
      onDelete: (o) =>
        ours.push(
          o instanceof DeletedFinalStateUnknown
            ? `TOMBSTONE ${o.key}`
            : `DELETED ${o.metadata.name} ${o.metadata.resourceVersion}`,
        ),
    });
    const stop = abortLater();
    factory.start(stop.signal);
    expect([...(await factory.waitForCacheSync(stop.signal)).values()]).toEqual([true]);

    const kc = new KubeConfig();
    kc.loadFromFile(getServer().kubeconfig);
    const core = kc.makeApiClient(CoreV1Api);
    const theirs: string[] = [];
    const theirInformer = makeInformer(kc, `/api/v1/namespaces/${burstNs}/configmaps`, () =>
      core.listNamespacedConfigMap({ namespace: burstNs }),
    );
    theirInformer.on('add', (o: V1ConfigMap) =>
      theirs.push(`ADDED ${o.metadata?.name} ${o.metadata?.resourceVersion}`),
    );
    theirInformer.on('update', (o: V1ConfigMap) =>
      theirs.push(`MODIFIED ${o.metadata?.name} ${o.metadata?.resourceVersion}`),
    );
    theirInformer.on('delete', (o: V1ConfigMap) =>
      theirs.push(`DELETED ${o.metadata?.name} ${o.metadata?.resourceVersion}`),
    );
    await theirInformer.start();
    try {
      // The burst: 30 creates, 30 updates, 15 deletes, sent as fast as the server takes them.
      const cms = writer.resource(configMaps).namespace(burstNs);
      const written: string[] = [];
      for (let i = 0; i < 30; i++) {
        const o = await cms.create(cm(`b-${i}`, { n: '0' }));
        written.push(`ADDED ${o.metadata.name} ${o.metadata.resourceVersion}`);
      }
      for (let i = 0; i < 30; i++) {
        const o = await cms.patch(`b-${i}`, 'merge', { data: { n: '1' } });
        written.push(`MODIFIED ${o.metadata.name} ${o.metadata.resourceVersion}`);
      }
      for (let i = 0; i < 30; i += 2) {
        // The DELETED event carries the object as it was deleted, at a new resourceVersion.
        await cms.delete(`b-${i}`);
        written.push(`DELETED b-${i}`);
      }
      await until('our informer to see the burst', () => ours.length >= written.length);
      await until("client-node's informer to see the burst", () => theirs.length >= written.length);
      const withoutDeleteRV = (s: string) => (s.startsWith('DELETED') ? s.split(' ').slice(0, 2).join(' ') : s);
      expect(ours.map(withoutDeleteRV)).toEqual(written);
      expect(theirs).toEqual(ours);
      expect(factory.lister(configMaps).namespace(burstNs).list()).toHaveLength(15);
    } finally {
      await theirInformer.stop();
    }
  });

  it('give two handlers of one factory a single watch connection', async () => {
    const rest = new CountingRESTClient(configFor(getServer()));
    toClose.push(rest);
    const factory = newSharedInformerFactory({ restClient: rest }, { namespace: ns });
    const first = factory.forResource(configMaps);
    const second = factory.forResource(configMaps);
    expect(second).toBe(first);
    const a: string[] = [];
    const b: string[] = [];
    first.addEventHandler({ onAdd: (o) => a.push(o.metadata.name ?? '') });
    second.addEventHandler({ onAdd: (o) => b.push(o.metadata.name ?? '') });
    const stop = abortLater();
    factory.start(stop.signal);
    await factory.waitForCacheSync(stop.signal);
    await clientset().resource(configMaps).namespace(ns).create(cm('shared-1'));
    await until('both handlers', () => a.includes('shared-1') && b.includes('shared-1'));
    expect(a).toEqual(b);
    expect(rest.watches).toBe(1);
    expect(rest.lists).toBe(1);
    stop.abort();
    await factory.shutdown();
  });

  it('dynamic: a kind found through discovery and the RESTMapper, its CRUD and a dynamic informer', async () => {
    const discovery = new DiscoveryClient(new RESTClient(configFor(getServer())));
    toClose.push(discovery.restClient);
    const mapper = new DeferredDiscoveryRESTMapper(discovery);
    expect(await mapper.restMapping({ group: '', kind: 'ConfigMap' })).toEqual({
      resource: { group: '', version: 'v1', resource: 'configmaps' },
      groupVersionKind: { group: '', version: 'v1', kind: 'ConfigMap' },
      scope: 'namespace',
    });
    const mapping = await mapper.restMapping({ group: 'scheduling.k8s.io', kind: 'PriorityClass' });
    expect(mapping).toEqual({
      resource: { group: 'scheduling.k8s.io', version: 'v1', resource: 'priorityclasses' },
      groupVersionKind: { group: 'scheduling.k8s.io', version: 'v1', kind: 'PriorityClass' },
      scope: 'root',
    });
    expect((await discovery.serverGroupsAndResources()).aggregated).toBe(true);
    expect(await mapper.resourceFor({ resource: 'pc' })).toEqual(mapping.resource);
    expect(await mapper.kindFor({ group: 'apps', resource: 'deployment' })).toEqual({
      group: 'apps',
      version: 'v1',
      kind: 'Deployment',
    });
    await expect(mapper.restMapping({ group: 'example.com', kind: 'Widget' })).rejects.toThrow(
      'no matches for kind "Widget" in group "example.com"',
    );

    const dyn = newDynamicClientForConfig(configFor(getServer()));
    toClose.push(dyn.restClient);
    const factory = newDynamicSharedInformerFactory(dyn, {
      tweakListOptions: (o) => ({ ...o, labelSelector: 'test=client-e2e' }),
    });
    const seen: string[] = [];
    factory.forResource(mapping.resource).addEventHandler({
      onAdd: (o) => seen.push(`add ${o.metadata.name}`),
      onUpdate: (_old, o) => seen.push(`update ${o.metadata.name} ${o.metadata.labels?.step}`),
      onDelete: (o) => seen.push(`delete ${o instanceof DeletedFinalStateUnknown ? o.key : o.metadata.name}`),
    });
    const stop = abortLater();
    factory.start(stop.signal);
    await factory.waitForCacheSync(stop.signal);

    const pcs = dyn.resource(mapping.resource);
    const obj: KubeObject = {
      apiVersion: 'scheduling.k8s.io/v1',
      kind: 'PriorityClass',
      metadata: { name: 'client-e2e-high', labels: { test: 'client-e2e' } },
      value: 1000,
    };
    const created = await pcs.create(obj);
    expect(created.metadata.uid).toBeTruthy();
    const patched = await pcs.patch('client-e2e-high', 'merge', { metadata: { labels: { step: 'patched' } } });
    expect(patched).toMatchObject({ value: 1000, metadata: { labels: { test: 'client-e2e', step: 'patched' } } });
    expect((await pcs.list({ labelSelector: 'test=client-e2e' })).items.map((i) => [i.kind, i.metadata.name])).toEqual([
      ['PriorityClass', 'client-e2e-high'],
    ]);
    const invalid = await pcs
      .create({ ...obj, metadata: { name: 'Not_A_Name', labels: { test: 'client-e2e' } } })
      .catch((e: unknown) => e);
    expect((invalid as { status?: { reason?: string } }).status?.reason).toBe('Invalid');
    await pcs.delete('client-e2e-high');
    await until('the dynamic informer to see add, update, delete', () => seen.length >= 3);
    expect(seen).toEqual(['add client-e2e-high', 'update client-e2e-high patched', 'delete client-e2e-high']);
  });
});

describe('event recorder', () => {
  it('aggregates a repeated event into one Event with a count', async () => {
    const cs = clientset();
    const target = await cs.resource(configMaps).namespace(ns).create(cm('event-target'));
    const broadcaster = newEventBroadcaster({ sink: newEventSink(cs) });
    const recorder = broadcaster.newRecorder({ component: 'client-e2e' });
    const ref = { ...target, apiVersion: 'v1', kind: 'ConfigMap' };
    for (let i = 0; i < 3; i++) {
      recorder.event(ref, 'Warning', 'Unhappy', 'the config is wrong');
      await broadcaster.flush();
    }
    recorder.event(ref, 'Normal', 'Fixed', 'the config is right');
    await broadcaster.flush();
    const list = await cs.resource(events).namespace(ns).list({ fieldSelector: `involvedObject.name=event-target` });
    const byReason = Object.fromEntries(list.items.map((e) => [e.reason, e]));
    expect(list.items).toHaveLength(2);
    expect(byReason.Unhappy).toMatchObject({
      count: 3,
      type: 'Warning',
      message: 'the config is wrong',
      source: { component: 'client-e2e' },
      involvedObject: { kind: 'ConfigMap', name: 'event-target', namespace: ns, uid: target.metadata.uid },
    });
    expect(Date.parse(byReason.Unhappy?.lastTimestamp ?? '')).toBeGreaterThanOrEqual(
      Date.parse(byReason.Unhappy?.firstTimestamp ?? ''),
    );
    expect(byReason.Fixed?.count).toBe(1);
    await broadcaster.shutdown();
  });
});

describe('leader election', () => {
  it('hands the lease to the second elector once the first stops renewing; the first exits 1', async () => {
    const timings = { leaseDurationMs: 3000, renewDeadlineMs: 1500, retryPeriodMs: 500 };
    const log: string[] = [];
    const exits: number[] = [];
    const stopA = abortLater();
    const stopB = abortLater();
    const csA = newClientsetForConfig(configFor(getServer()));
    const csB = clientset();
    const common = { component: 'client-e2e-lock', namespace: ns, ...timings };
    const electorA = runWithLeaderElection(
      {
        ...common,
        clientset: csA,
        identity: 'elector-a',
        exit: (code) => {
          log.push('a exits');
          exits.push(code);
        },
        run: async (signal) => {
          log.push('a leads');
          await new Promise((r) => signal.addEventListener('abort', r, { once: true }));
          log.push('a stops');
        },
      },
      stopA.signal,
    );
    await until('a to lead', () => log.includes('a leads'));
    const electorB = runWithLeaderElection(
      {
        ...common,
        clientset: csB,
        identity: 'elector-b',
        exit: (code) => exits.push(100 + code),
        run: async (signal) => {
          log.push('b leads');
          await new Promise((r) => signal.addEventListener('abort', r, { once: true }));
        },
      },
      stopB.signal,
    );
    const lease = () => csB.resource(leases).namespace(ns).get('client-e2e-lock');
    expect((await lease()).spec).toMatchObject({ holderIdentity: 'elector-a', leaseDurationSeconds: 3 });
    // b waits while a renews.
    await new Promise((r) => setTimeout(r, 1500));
    expect(log).toEqual(['a leads']);

    // a can no longer reach the server: it stops renewing.
    await csA.close();
    await until('b to lead', () => log.includes('b leads'), 10_000);
    // a exits as soon as the lease is lost (its work is told to stop, not waited for), before b leads.
    expect(log).toEqual(['a leads', 'a exits', 'a stops', 'b leads']);
    expect(exits).toEqual([1]);
    expect((await lease()).spec).toMatchObject({ holderIdentity: 'elector-b', leaseTransitions: 1 });
    await electorA;
    stopB.abort();
    await electorB;
    expect(exits).toEqual([1]);
  });
});

/** A RESTClient that counts the lists and watches it opens. */
class CountingRESTClient extends RESTClient {
  lists = 0;
  watches = 0;

  override request<T>(opts: Parameters<RESTClient['request']>[0]): Promise<T> {
    if (opts.method === 'GET' && /\/configmaps$/.test(opts.path)) this.lists++;
    return super.request<T>(opts);
  }

  override watch<T>(opts: Parameters<RESTClient['watch']>[0]) {
    this.watches++;
    return super.watch<T>(opts);
  }
}

/**
 * A TCP relay in front of the apiserver that can be cut: the informer behind it loses its watch
 * and cannot reconnect until the relay listens again, while other clients write directly.
 */
class Relay {
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: number) {}

  async open(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.target, '127.0.0.1');
      this.sockets.add(client);
      this.sockets.add(upstream);
      client.pipe(upstream).pipe(client);
      const drop = () => {
        client.destroy();
        upstream.destroy();
        this.sockets.delete(client);
        this.sockets.delete(upstream);
      };
      client.on('error', drop).on('close', drop);
      upstream.on('error', drop).on('close', drop);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (server) await new Promise((r) => server.close(r));
  }
}

describeWithEtcd('informer across etcd compaction', (etcd) => {
  afterAll(async () => {
    await killAll();
    removeTempDirs();
  });

  it('re-lists after its watch is answered 410, delivering missed deletions as tombstones', async () => {
    const server = await startAPIServer({ storage: 'etcd', etcdServers: etcd().endpoint });
    const relay = new Relay(server.port);
    try {
      await relay.open();
      const writer = clientset(server);
      const compactNs = 'client-compaction';
      await writer.resource(namespaces).create({ metadata: { name: compactNs } });
      const cms = writer.resource(configMaps).namespace(compactNs);
      await cms.create(cm('keep'));
      await cms.create(cm('gone'));

      // The informer reaches the server through the relay; it retries quickly in this test.
      const behindRelay = newClientsetForConfig(configFor(server, { host: `https://127.0.0.1:${relay.port}` }));
      toClose.push(behindRelay);
      const factory = newSharedInformerFactory(behindRelay, {
        namespace: compactNs,
        backoff: { initialMs: 100, maxMs: 400, resetMs: 60_000, factor: 2, jitter: 0 },
      });
      const informer = factory.forResource(configMaps);
      const watchErrors: string[] = [];
      informer.setWatchErrorHandler((err) => watchErrors.push(err instanceof Error ? err.message : String(err)));
      const seen: string[] = [];
      informer.addEventHandler({
        onAdd: (o) => seen.push(`add ${o.metadata.name}`),
        onDelete: (o) => seen.push(o instanceof DeletedFinalStateUnknown ? `tombstone ${o.key}` : `delete`),
      });
      const stop = abortLater();
      factory.start(stop.signal);
      await factory.waitForCacheSync(stop.signal);
      expect(seen.sort()).toEqual(['add gone', 'add keep']);
      const rvBefore = informer.lastSyncResourceVersion;

      // Cut the informer off, change things, and compact etcd past what it last saw.
      await relay.cut();
      await cms.delete('gone');
      await cms.create(cm('new'));
      const latest = await cms.list();
      const res = await fetch(`${etcd().endpoint}/v3/kv/compaction`, {
        method: 'POST',
        body: JSON.stringify({ revision: latest.metadata.resourceVersion, physical: true }),
      });
      expect(res.status).toBe(200);
      expect(Number(latest.metadata.resourceVersion)).toBeGreaterThan(Number(rvBefore));

      await relay.open();
      await until(
        'the informer to catch up',
        () => seen.includes('add new') && seen.includes(`tombstone ${compactNs}/gone`),
      );
      expect(watchErrors, JSON.stringify(watchErrors)).toContainEqual(expect.stringMatching(/too old/));
      expect(informer.getIndexer().listKeys().sort()).toEqual([`${compactNs}/keep`, `${compactNs}/new`]);
      expect(Number(informer.lastSyncResourceVersion)).toBeGreaterThanOrEqual(Number(latest.metadata.resourceVersion));
      stop.abort();
      await factory.shutdown();
    } finally {
      await relay.cut();
      await server.stop();
    }
  });
});
