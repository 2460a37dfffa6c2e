import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject, OwnerReference } from '../../apis/meta/v1/types.js';
import type { ResourceRef } from '../../client/rest/resource.js';
import { SharedIndexInformer } from '../../client/tools/cache/shared-informer.js';
import { FakeListerWatcher, listOf } from '../../client/tools/cache/testing/fake-lister-watcher.js';
import type { EventRecorder } from '../../client/tools/record/event.js';
import { LRUCache } from '../../client/tools/record/lru.js';
import { newRateLimitingQueue, type RateLimitingQueue } from '../../client/util/workqueue/queue.js';
import type { GraphNode } from './graph.js';
import { GraphBuilder, gvrKey, referencesDiffs } from './graph-builder.js';

const configmaps = {
  gvr: { group: '', version: 'v1', resource: 'configmaps' },
  gvk: { group: '', version: 'v1', kind: 'ConfigMap' },
};
const deployments = {
  gvr: { group: 'apps', version: 'v1', resource: 'deployments' },
  gvk: { group: 'apps', version: 'v1', kind: 'Deployment' },
};

const stops: AbortController[] = [];
afterEach(() => {
  for (const s of stops.splice(0)) s.abort();
});

/** A graph builder over fake informers the test feeds with watch events. */
async function setup() {
  const watchers = new Map<string, FakeListerWatcher<KubeObject>>();
  const informers = new Map<string, SharedIndexInformer<KubeObject>>();
  const stop = new AbortController();
  stops.push(stop);
  const events: { reason: string; message: string; name: string | undefined }[] = [];
  const recorder: EventRecorder = {
    event: (obj, _type, reason, message) =>
      events.push({ reason, message, name: 'metadata' in obj ? obj.metadata.name : obj.name }),
    annotatedEvent: () => {},
  };
  const attemptToDelete: RateLimitingQueue<GraphNode> = newRateLimitingQueue<GraphNode>();
  const attemptToOrphan: RateLimitingQueue<GraphNode> = newRateLimitingQueue<GraphNode>();
  const graph = new GraphBuilder({
    informerFactory: {
      forResource<T extends KubeObject = KubeObject>(ref: ResourceRef): SharedIndexInformer<T> {
        const key = gvrKey(ref);
        let informer = informers.get(key);
        if (!informer) {
          const lw = new FakeListerWatcher<KubeObject>();
          lw.listAnswers = [() => listOf('1', [])];
          watchers.set(key, lw);
          informer = new SharedIndexInformer<KubeObject>(lw, { name: ref.resource });
          informers.set(key, informer);
        }
        // The fake serves one object type per resource, as the real factory does.
        return informer as unknown as SharedIndexInformer<T>;
      },
    },
    attemptToDelete,
    attemptToOrphan,
    absentOwnerCache: new LRUCache(100),
    recorder,
  });
  graph.syncMonitors([configmaps, deployments]);
  for (const informer of informers.values()) void informer.run(stop.signal);
  for (const informer of informers.values()) await informer.waitForSync();
  const watch = async (resource: typeof configmaps) => {
    const lw = watchers.get(gvrKey(resource.gvr));
    if (!lw) throw new Error('no watcher');
    return lw.nthWatch(0);
  };
  const settle = () => new Promise((r) => setTimeout(r, 10));
  const drain = async (q: RateLimitingQueue<GraphNode>) => {
    const out: string[] = [];
    while (q.length > 0) {
      const node = await q.get();
      if (!node) break;
      out.push(node.identity.name);
      q.done(node);
    }
    return out.sort();
  };
  return { graph, watch, settle, drain, attemptToDelete, attemptToOrphan, events };
}

let uid = 0;
function cm(name: string, meta: Partial<KubeObject['metadata']> = {}): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'ns', uid: `uid-${name}-${uid++}`, ...meta },
  };
}
function ref(owner: KubeObject, extra: Partial<OwnerReference> = {}): OwnerReference {
  return {
    apiVersion: owner.apiVersion ?? 'v1',
    kind: owner.kind ?? '',
    name: owner.metadata.name ?? '',
    uid: owner.metadata.uid ?? '',
    ...extra,
  };
}

describe('GraphBuilder', () => {
  it('links a dependent under its owner, through a virtual owner checked against the API until observed', async () => {
    const t = await setup();
    const owner = cm('owner');
    const dep = cm('dep', { ownerReferences: [ref(owner)] });
    (await t.watch(configmaps)).add(dep);
    await t.settle();
    const virtual = t.graph.uidToNode.get(owner.metadata.uid ?? '');
    expect(virtual?.isObserved()).toBe(false);
    expect([...(virtual?.dependents ?? [])].map((n) => n.identity.name)).toEqual(['dep']);
    expect(await t.drain(t.attemptToDelete)).toEqual(['owner']);

    (await t.watch(configmaps)).add(owner);
    await t.settle();
    expect(t.graph.uidToNode.get(owner.metadata.uid ?? '')?.isObserved()).toBe(true);
    expect(await t.drain(t.attemptToDelete)).toEqual([]);
  });

  it('queues the dependents of a deleted owner, and an owner waiting for them once one goes', async () => {
    const t = await setup();
    const owner = cm('owner');
    const deps = ['a', 'b'].map((n) => cm(n, { ownerReferences: [ref(owner, { blockOwnerDeletion: true })] }));
    const w = await t.watch(configmaps);
    for (const o of [owner, ...deps]) w.add(o);
    await t.settle();
    await t.drain(t.attemptToDelete);

    // Foreground deletion starts: the owner waits, its dependents are looked at.
    const deleting = {
      ...owner,
      metadata: { ...owner.metadata, deletionTimestamp: 'now', finalizers: ['foregroundDeletion'] },
    };
    w.modify(deleting);
    await t.settle();
    expect(t.graph.uidToNode.get(owner.metadata.uid ?? '')?.deletingDependents).toBe(true);
    expect(await t.drain(t.attemptToDelete)).toEqual(['a', 'b', 'owner']);
    expect(
      t.graph.uidToNode
        .get(owner.metadata.uid ?? '')
        ?.blockingDependents()
        .map((n) => n.identity.name)
        .sort(),
    ).toEqual(['a', 'b']);

    const [first] = deps;
    if (!first) throw new Error('no dependent');
    w.delete(first);
    await t.settle();
    expect(await t.drain(t.attemptToDelete)).toEqual(['owner']);

    w.delete(deleting);
    await t.settle();
    expect(await t.drain(t.attemptToDelete)).toEqual(['b']);
    expect(t.graph.uidToNode.has(owner.metadata.uid ?? '')).toBe(false);
  });

  it('queues an owner whose deletion starts with the orphan finalizer for orphaning, once', async () => {
    const t = await setup();
    const owner = cm('owner');
    const w = await t.watch(configmaps);
    w.add(owner);
    const orphaning = { ...owner, metadata: { ...owner.metadata, deletionTimestamp: 'now', finalizers: ['orphan'] } };
    w.modify(orphaning);
    w.modify({ ...orphaning, metadata: { ...orphaning.metadata, labels: { again: 'yes' } } });
    await t.settle();
    expect(await t.drain(t.attemptToOrphan)).toEqual(['owner']);
  });

  it('queues an owner when a dependent stops blocking it or drops its reference', async () => {
    const t = await setup();
    const owner = cm('owner');
    const dep = cm('dep', { ownerReferences: [ref(owner, { blockOwnerDeletion: true })] });
    const w = await t.watch(configmaps);
    w.add(owner);
    w.add(dep);
    await t.settle();
    await t.drain(t.attemptToDelete);
    w.modify({ ...dep, metadata: { ...dep.metadata, ownerReferences: [ref(owner, { blockOwnerDeletion: false })] } });
    await t.settle();
    expect(await t.drain(t.attemptToDelete)).toEqual(['owner']);
    w.modify({ ...dep, metadata: { ...dep.metadata, ownerReferences: [] } });
    await t.settle();
    // The reference no longer blocked: nothing to re-check.
    expect(await t.drain(t.attemptToDelete)).toEqual([]);
    expect(t.graph.uidToNode.get(owner.metadata.uid ?? '')?.dependents.size).toBe(0);
  });

  it('reports an owner reference to another namespace with upstream’s event, and re-checks the dependent', async () => {
    const t = await setup();
    const owner = { ...cm('owner'), metadata: { ...cm('owner').metadata, namespace: 'other' } };
    const w = await t.watch(configmaps);
    w.add(owner);
    w.add(cm('crosser', { ownerReferences: [ref(owner)] }));
    await t.settle();
    expect(t.events).toEqual([
      {
        name: 'crosser',
        reason: 'OwnerRefInvalidNamespace',
        message: `ownerRef [v1/ConfigMap, namespace: ns, name: owner, uid: ${owner.metadata.uid}] does not exist in namespace "ns"`,
      },
    ]);
    expect(await t.drain(t.attemptToDelete)).toEqual(['crosser']);
  });

  it('replaces a virtual owner with the observed identity (another resource, another version)', async () => {
    const t = await setup();
    const deployment: KubeObject = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'ns', uid: 'uid-web' },
    };
    (await t.watch(configmaps)).add(
      cm('dep', { ownerReferences: [{ ...ref(deployment), apiVersion: 'apps/v1beta1' }] }),
    );
    await t.settle();
    expect(t.graph.uidToNode.get('uid-web')?.identity.apiVersion).toBe('apps/v1beta1');
    (await t.watch(deployments)).add(deployment);
    await t.settle();
    const node = t.graph.uidToNode.get('uid-web');
    expect(node?.identity).toEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'web',
      uid: 'uid-web',
      namespace: 'ns',
    });
    expect(node?.isObserved()).toBe(true);
    expect([...(node?.dependents ?? [])].map((n) => n.identity.name)).toEqual(['dep']);
  });

  it('stops following resources discovery no longer lists', async () => {
    const t = await setup();
    expect(t.graph.syncMonitors([configmaps])).toEqual({ added: 0, removed: 1 });
    (await t.watch(deployments)).add({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'x', namespace: 'ns', uid: 'uid-x' },
    });
    await t.settle();
    expect(t.graph.uidToNode.has('uid-x')).toBe(false);
    expect(t.graph.monitoredResources()).toEqual([configmaps]);
  });
});

describe('referencesDiffs', () => {
  it('tells added, removed and changed references apart by uid', () => {
    const a = { apiVersion: 'v1', kind: 'ConfigMap', name: 'a', uid: '1' };
    const b = { apiVersion: 'v1', kind: 'ConfigMap', name: 'b', uid: '2' };
    const c = { apiVersion: 'v1', kind: 'ConfigMap', name: 'c', uid: '3' };
    expect(referencesDiffs([a, b], [{ ...b, blockOwnerDeletion: true }, c])).toEqual({
      added: [c],
      removed: [a],
      changed: [{ old: b, updated: { ...b, blockOwnerDeletion: true } }],
    });
  });
});
