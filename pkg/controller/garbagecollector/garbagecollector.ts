/**
 * The garbage collector (mirrors pkg/controller/garbagecollector/garbagecollector.go): deletes
 * objects whose owners are all gone, runs foreground deletion (an owner with `foregroundDeletion`
 * goes once its blocking dependents are gone) and orphaning (an owner with `orphan` goes once
 * its dependents no longer name it), over every resource discovery lists, custom ones included.
 *
 *   attemptToDelete(node):  GET it ─ gone ─▶ virtual delete event (the graph drops it, its dependents are queued)
 *                             ├ deleting dependents ─▶ no blocking dependents left: remove `foregroundDeletion`
 *                             │                         else: queue the blocking dependents
 *                             └ classify its owners (GET each): some solid ─▶ drop references to dangling/waiting ones
 *                                                               some waiting (foreground) and it has dependents ─▶ DELETE Foreground
 *                                                               none solid ─▶ DELETE (policy from its own finalizers)
 *   attemptToOrphan(owner): remove it from its dependents' ownerReferences, then remove `orphan`
 *
 * Every 30 s discovery is read again; resources that appeared get informers, vanished ones lose
 * their handlers (sync()).
 */
import { isConflict, isNotFound } from '../../api/errors/errors.js';
import type { GroupVersionResource, KubeObject, OwnerReference } from '../../apis/meta/v1/types.js';
import { finalizerDeleteDependents, finalizerOrphanDependents } from '../../api/validation/objectmeta.js';
import type { DiscoveryClient } from '../../client/discovery/discovery-client.js';
import type { DynamicClient } from '../../client/dynamic/client.js';
import type { DeleteCallOptions, ResourceClient } from '../../client/rest/resource.js';
import type { DeferredDiscoveryRESTMapper } from '../../client/restmapper/restmapper.js';
import type { EventRecorder } from '../../client/tools/record/event.js';
import { LRUCache } from '../../client/tools/record/lru.js';
import { newRateLimitingQueue, type RateLimitingQueue } from '../../client/util/workqueue/queue.js';
import * as klog from '../../klog/klog.js';
import { sleep } from '../../util/wait.js';
import { runWorkers } from '../run-workers.js';
import { GraphBuilder, gvrKey, identityKey, type InformerSource, type MonitoredResource } from './graph-builder.js';
import { type GraphNode, type ObjectIdentity, identityString } from './graph.js';

/** Resources never followed (upstream DefaultIgnoredResources): events are many, short-lived and never owners. */
export const defaultIgnoredResources: readonly string[] = ['events', 'events.events.k8s.io'];

/** The item was verified absent and the graph told; nothing to retry. */
class VirtualDeleteEnqueued extends Error {}
/** A cluster-scoped object names a namespaced owner: never valid, nothing to retry. */
class NamespacedOwnerOfClusterScopedObject extends Error {}

export interface GarbageCollectorOptions {
  dynamic: DynamicClient;
  restMapper: DeferredDiscoveryRESTMapper;
  discovery: DiscoveryClient;
  /** Informers for any resource, started by `start` (the shared factory). */
  informerFactory: InformerSource & { start(signal: AbortSignal): void };
  recorder: EventRecorder;
  /** `resource` or `resource.group` names left alone; default defaultIgnoredResources. */
  ignoredResources?: readonly string[];
}

type Classified = { solid: OwnerReference[]; dangling: OwnerReference[]; waiting: OwnerReference[] };

export class GarbageCollector {
  readonly attemptToDelete: RateLimitingQueue<GraphNode> = newRateLimitingQueue<GraphNode>();
  readonly attemptToOrphan: RateLimitingQueue<GraphNode> = newRateLimitingQueue<GraphNode>();
  readonly graph: GraphBuilder;
  private readonly absentOwnerCache = new LRUCache<string, true>(500);
  private readonly ignored: ReadonlySet<string>;

  constructor(private readonly opts: GarbageCollectorOptions) {
    this.ignored = new Set(opts.ignoredResources ?? defaultIgnoredResources);
    this.graph = new GraphBuilder({
      informerFactory: opts.informerFactory,
      attemptToDelete: this.attemptToDelete,
      attemptToOrphan: this.attemptToOrphan,
      absentOwnerCache: this.absentOwnerCache,
      recorder: opts.recorder,
    });
  }

  /**
   * Follows the deletable resources, waits for their informers, then runs `workers` delete and
   * orphan workers until `signal` aborts; resyncs with discovery every `syncPeriodMs` meanwhile.
   */
  async run(workers: number, syncPeriodMs: number, signal: AbortSignal): Promise<void> {
    klog.info('Starting controller', { controller: 'garbagecollector' });
    const stop = () => {
      this.attemptToDelete.shutDown();
      this.attemptToOrphan.shutDown();
    };
    signal.addEventListener('abort', stop, { once: true });
    try {
      await this.resync(signal);
      klog.info('Waiting for caches to sync', { controller: 'garbage collector' });
      while (!this.graph.isSynced()) {
        if (!(await sleep(100, signal))) return;
      }
      klog.info('Caches are synced', { controller: 'garbage collector' });
      klog.info('All resource monitors have synced. Proceeding to collect garbage');
      await Promise.all([
        runWorkers(this.attemptToDelete, {
          name: 'garbage collector',
          workers,
          sync: (node) => this.attemptToDeleteWorker(node),
        }),
        runWorkers(this.attemptToOrphan, {
          name: 'garbage collector',
          workers,
          sync: (node) => this.attemptToOrphanWorker(node),
        }),
        this.syncLoop(syncPeriodMs, signal),
      ]);
    } finally {
      signal.removeEventListener('abort', stop);
      stop();
      klog.info('Shutting down controller', { controller: 'garbagecollector' });
    }
  }

  /** The resources to follow: every resource of a preferred version that can be listed, watched and deleted. */
  async deletableResources(signal?: AbortSignal): Promise<MonitoredResource[]> {
    const lists = await this.opts.discovery.serverPreferredResources(signal);
    const out: MonitoredResource[] = [];
    for (const list of lists) {
      for (const r of list.resources) {
        if (r.name.includes('/')) continue;
        if (!['delete', 'list', 'watch'].every((v) => r.verbs.includes(v))) continue;
        if (this.ignored.has(r.group ? `${r.name}.${r.group}` : r.name)) continue;
        out.push({
          gvr: { group: r.group, version: r.version, resource: r.name },
          gvk: { group: r.group, version: r.version, kind: r.kind },
        });
      }
    }
    return out;
  }

  /** One discovery pass: informers for new resources, none for vanished ones (upstream Sync, one round). */
  async resync(signal: AbortSignal): Promise<void> {
    this.opts.discovery.invalidate();
    let resources: MonitoredResource[];
    try {
      resources = await this.deletableResources(signal);
    } catch (err) {
      if (signal.aborted) return;
      klog.error(err, 'failed to discover resources');
      return;
    }
    if (resources.length === 0) {
      klog.v(2).info('no resources reported by discovery, skipping garbage collector sync');
      return;
    }
    const before = new Set(this.graph.monitoredResources().map((r) => gvrKey(r.gvr)));
    const after = new Set(resources.map((r) => gvrKey(r.gvr)));
    if (before.size === after.size && [...after].every((k) => before.has(k))) return;
    // Kinds may have come or gone: mappings are read anew.
    this.opts.restMapper.reset();
    const { added, removed } = this.graph.syncMonitors(resources);
    klog.v(2).info('synced monitors', { added, removed });
    this.opts.informerFactory.start(signal);
  }

  private async syncLoop(periodMs: number, signal: AbortSignal): Promise<void> {
    while (await sleep(periodMs, signal)) await this.resync(signal);
  }

  private async attemptToDeleteWorker(node: GraphNode): Promise<void> {
    if (!node.isObserved()) {
      const current = this.graph.uidToNode.get(node.identity.uid);
      // Requeued virtual node whose object was observed or deleted meanwhile: that event decided.
      if (!current || current.isObserved()) return;
    }
    try {
      await this.attemptToDeleteItem(node);
    } catch (err) {
      if (err instanceof VirtualDeleteEnqueued || err instanceof NamespacedOwnerOfClusterScopedObject) return;
      throw err;
    }
    // Not observed yet, though the API has it: look again once the informer had time.
    if (!node.isObserved()) throw new Error(`item ${node.toString()} hasn't been observed via informer yet`);
  }

  /** upstream attemptToDeleteItem. */
  async attemptToDeleteItem(item: GraphNode): Promise<void> {
    klog.v(2).info('Processing item', { item: item.toString(), virtual: !item.isObserved() });
    // Deletion is a one-way trip: its dependents are handled once it is gone.
    if (item.beingDeleted && !item.deletingDependents) return;
    const latest = await this.getObject(item.identity);
    if (!latest || latest.metadata.uid !== item.identity.uid) {
      klog.v(5).info('item not found, generating a virtual delete event', { item: item.toString() });
      this.graph.enqueueVirtualDeleteEvent(item.identity);
      throw new VirtualDeleteEnqueued();
    }
    if (item.deletingDependents) return this.processDeletingDependentsItem(item);
    const ownerReferences = latest.metadata.ownerReferences ?? [];
    if (ownerReferences.length === 0) {
      klog.v(2).info("item doesn't have an owner, continue on next item", { item: item.toString() });
      return;
    }
    const { solid, dangling, waiting } = await this.classifyReferences(item, ownerReferences);
    if (solid.length > 0) {
      if (dangling.length === 0 && waiting.length === 0) return;
      // References to owners waiting for their dependents must go too, or those owners wait forever.
      klog.v(2).info('remove dangling references and waiting references for item', { item: item.toString() });
      const drop = new Set([...dangling, ...waiting].map((r) => r.uid));
      await this.patchOwnerReferences(item, (refs) => refs.filter((r) => !drop.has(r.uid)));
      return;
    }
    if (waiting.length > 0 && item.dependents.size > 0) {
      for (const dep of item.dependents) {
        if (!dep.deletingDependents) continue;
        // Owner and dependent both wait on each other's dependents: break the possible cycle.
        klog.v(2).info('processing item, some of its owners and its dependent have FinalizerDeletingDependents', {
          item: item.toString(),
          dependent: dep.toString(),
        });
        await this.patchOwnerReferences(item, (refs) => refs.map((r) => ({ ...r, blockOwnerDeletion: false })));
        break;
      }
      // Its own dependents go first; the graph brings it back here once it is marked.
      return this.deleteObject(item.identity, latest, 'Foreground');
    }
    const policy = (latest.metadata.finalizers ?? []).includes(finalizerOrphanDependents)
      ? 'Orphan'
      : (latest.metadata.finalizers ?? []).includes(finalizerDeleteDependents)
        ? 'Foreground'
        : 'Background';
    klog.v(2).info('Deleting item', { item: item.toString(), propagationPolicy: policy });
    return this.deleteObject(item.identity, latest, policy);
  }

  private async processDeletingDependentsItem(item: GraphNode): Promise<void> {
    const blocking = item.blockingDependents();
    if (blocking.length === 0) {
      klog.v(2).info('remove DeleteDependents finalizer for item', { item: item.toString() });
      return this.removeFinalizer(item, finalizerDeleteDependents);
    }
    for (const dep of blocking) {
      if (!dep.deletingDependents) this.attemptToDelete.add(dep);
    }
  }

  private async attemptToOrphanWorker(owner: GraphNode): Promise<void> {
    const failures: string[] = [];
    await Promise.all(
      [...owner.dependents].map(async (dep) => {
        try {
          await this.patchOwnerReferences(dep, (refs) => refs.filter((r) => r.uid !== owner.identity.uid));
        } catch (err) {
          if (!isNotFound(err)) failures.push(`orphaning ${dep.toString()} failed, ${message(err)}`);
        }
      }),
    );
    if (failures.length > 0) {
      throw new Error(`failed to orphan dependents of owner ${owner.toString()}, got errors: ${failures.join(', ')}`);
    }
    await this.removeFinalizer(owner, finalizerOrphanDependents);
  }

  /** Sorts `item`'s owner references by the state of their owners (upstream classifyReferences). */
  private async classifyReferences(item: GraphNode, refs: readonly OwnerReference[]): Promise<Classified> {
    const out: Classified = { solid: [], dangling: [], waiting: [] };
    for (const ref of refs) {
      const { dangling, owner } = await this.isDangling(ref, item);
      if (dangling || !owner) out.dangling.push(ref);
      else if (
        owner.metadata.deletionTimestamp &&
        (owner.metadata.finalizers ?? []).includes(finalizerDeleteDependents)
      )
        out.waiting.push(ref);
      else out.solid.push(ref);
    }
    return out;
  }

  /** Whether `ref` points at nothing; the owner's latest state when it exists (upstream isDangling). */
  private async isDangling(ref: OwnerReference, item: GraphNode): Promise<{ dangling: boolean; owner?: KubeObject }> {
    const coordinates = { apiVersion: ref.apiVersion, kind: ref.kind, name: ref.name, uid: ref.uid };
    if (
      this.absentOwnerCache.get(identityKey({ ...coordinates, namespace: '' })) ||
      this.absentOwnerCache.get(identityKey({ ...coordinates, namespace: item.identity.namespace }))
    ) {
      klog.v(5).info("according to the absentOwnerCache, item's owner does not exist", { item: item.toString() });
      return { dangling: true };
    }
    const { gvr, namespaced } = await this.apiResource(ref.apiVersion, ref.kind);
    const absentKey = identityKey({ ...coordinates, namespace: namespaced ? item.identity.namespace : '' });
    if (item.identity.namespace === '' && namespaced) {
      klog.v(2).info('item is cluster-scoped, but refers to a namespaced owner', { item: item.toString() });
      throw new NamespacedOwnerOfClusterScopedObject();
    }
    let owner: KubeObject;
    try {
      owner = await this.client(gvr, namespaced ? item.identity.namespace : '').get(ref.name);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      this.absentOwnerCache.set(absentKey, true);
      klog.v(5).info("item's owner is not found", { item: item.toString(), owner: ref.name });
      return { dangling: true };
    }
    if (owner.metadata.uid !== ref.uid) {
      this.absentOwnerCache.set(absentKey, true);
      klog.v(5).info("item's owner is not found, UID mismatch", { item: item.toString(), owner: ref.name });
      return { dangling: true };
    }
    return { dangling: false, owner };
  }

  /** The resource and scope of a kind, from discovery (upstream apiResource; unknown kinds are retried). */
  private async apiResource(
    apiVersion: string,
    kind: string,
  ): Promise<{ gvr: GroupVersionResource; namespaced: boolean }> {
    const slash = apiVersion.indexOf('/');
    const group = slash < 0 ? '' : apiVersion.slice(0, slash);
    const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
    try {
      const mapping = await this.opts.restMapper.restMapping({ group, kind }, [version]);
      return { gvr: mapping.resource, namespaced: mapping.scope === 'namespace' };
    } catch (err) {
      throw new Error(`unable to get REST mapping for ${apiVersion}/${kind}: ${message(err)}`);
    }
  }

  private client(gvr: GroupVersionResource, namespace: string): ResourceClient<KubeObject> {
    const rc = this.opts.dynamic.resource(gvr);
    return namespace ? rc.namespace(namespace) : rc;
  }

  private async clientFor(id: ObjectIdentity): Promise<ResourceClient<KubeObject>> {
    const { gvr, namespaced } = await this.apiResource(id.apiVersion, id.kind);
    return this.client(gvr, namespaced ? id.namespace : '');
  }

  /** The object's current state, or undefined when it does not exist. */
  private async getObject(id: ObjectIdentity): Promise<KubeObject | undefined> {
    const client = await this.clientFor(id);
    try {
      return await client.get(id.name);
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /**
   * DELETE with the uid and resourceVersion it was judged at; if only fields other than the owner
   * references changed since, again with the uid alone (upstream deleteObject).
   */
  private async deleteObject(
    id: ObjectIdentity,
    seen: KubeObject,
    policy: 'Orphan' | 'Foreground' | 'Background',
  ): Promise<void> {
    const client = await this.clientFor(id);
    const rv = seen.metadata.resourceVersion;
    const options = (withRV: boolean): DeleteCallOptions => ({
      propagationPolicy: policy,
      preconditions: { uid: id.uid, ...(withRV && rv ? { resourceVersion: rv } : {}) },
    });
    try {
      await client.delete(id.name, options(true));
      return;
    } catch (err) {
      if (isNotFound(err)) {
        this.graph.enqueueVirtualDeleteEvent(id);
        throw new VirtualDeleteEnqueued();
      }
      if (!isConflict(err) || !rv) throw err;
      let live: KubeObject;
      try {
        live = await client.get(id.name);
      } catch (getErr) {
        if (isNotFound(getErr)) return;
        throw err;
      }
      const sameOwners =
        JSON.stringify(live.metadata.ownerReferences ?? []) === JSON.stringify(seen.metadata.ownerReferences ?? []);
      if (live.metadata.uid !== id.uid || live.metadata.resourceVersion === rv || !sameOwners) throw err;
      await client.delete(id.name, options(false));
    }
  }

  /**
   * Rewrites `node`'s owner references with a JSON merge patch guarded by the resourceVersion it
   * was computed from (upstream's JSON merge patch path, which works for every resource).
   */
  private async patchOwnerReferences(
    node: GraphNode,
    change: (refs: OwnerReference[]) => OwnerReference[],
  ): Promise<void> {
    const client = await this.clientFor(node.identity);
    const current = await client.get(node.identity.name);
    if (current.metadata.uid !== node.identity.uid) return;
    const refs = change(current.metadata.ownerReferences ?? []);
    await client.patch(node.identity.name, 'merge', {
      metadata: { resourceVersion: current.metadata.resourceVersion, ownerReferences: refs.length ? refs : null },
    });
  }

  /** Removes `finalizer` from the owner, re-reading on conflicts up to 5 times (upstream removeFinalizer). */
  private async removeFinalizer(owner: GraphNode, finalizer: string): Promise<void> {
    const client = await this.clientFor(owner.identity);
    for (let attempt = 0; attempt < 5; attempt++) {
      let current: KubeObject;
      try {
        current = await client.get(owner.identity.name);
      } catch (err) {
        if (isNotFound(err)) return;
        throw new Error(
          `cannot finalize owner ${owner.toString()}, because cannot get it: ${message(err)}. The garbage collector will retry later`,
        );
      }
      const finalizers = current.metadata.finalizers ?? [];
      if (!finalizers.includes(finalizer)) {
        klog.v(5).info('finalizer already removed from object', { finalizer, object: owner.toString() });
        return;
      }
      const remaining = finalizers.filter((f) => f !== finalizer);
      try {
        await client.patch(owner.identity.name, 'merge', {
          metadata: {
            resourceVersion: current.metadata.resourceVersion,
            finalizers: remaining.length ? remaining : null,
          },
        });
        return;
      } catch (err) {
        if (isNotFound(err)) return;
        if (!isConflict(err)) throw err;
      }
    }
    throw new Error(
      `updateMaxRetries(5) has reached. The garbage collector will retry later for owner ${identityString(owner.identity)}`,
    );
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
