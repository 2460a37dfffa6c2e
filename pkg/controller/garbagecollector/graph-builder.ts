/**
 * The graph builder (mirrors pkg/controller/garbagecollector/graph_builder.go): an informer per
 * deletable resource (custom resources included, as discovery lists them) feeds one dependency
 * graph of every object's ownerReferences, and decides which nodes the collector must look at:
 *
 *   add/update ─▶ node created or its owners diffed ─┬─ new owner not seen yet ─▶ virtual node ─▶ attemptToDelete (does it exist?)
 *                                                    ├─ blocking reference removed ─▶ the owner ─▶ attemptToDelete (may finish now)
 *                                                    ├─ deletion starts with `orphan` ─▶ attemptToOrphan
 *                                                    └─ deletion starts with `foregroundDeletion` ─▶ it and its dependents ─▶ attemptToDelete
 *   delete ─────▶ node removed ─▶ its dependents ─▶ attemptToDelete (their owner is gone);
 *                                 owners waiting for dependents ─▶ attemptToDelete
 *
 * Upstream funnels informer events through a queue drained by one goroutine; here every event is
 * applied as the informer delivers it, which is the same order on a single thread.
 */
import type { GroupVersionKind, GroupVersionResource, KubeObject, OwnerReference } from '../../apis/meta/v1/types.js';
import type { ResourceRef } from '../../client/rest/resource.js';
import type {
  ResourceEventHandlerRegistration,
  SharedIndexInformer,
} from '../../client/tools/cache/shared-informer.js';
import { DeletedFinalStateUnknown } from '../../client/tools/cache/store.js';
import type { EventRecorder } from '../../client/tools/record/event.js';
import type { LRUCache } from '../../client/tools/record/lru.js';
import type { RateLimitingQueue } from '../../client/util/workqueue/queue.js';
import * as klog from '../../klog/klog.js';
import { finalizerDeleteDependents, finalizerOrphanDependents } from '../../api/validation/objectmeta.js';
import { GraphNode, identityString, referenceMatches, sameIdentity, type ObjectIdentity } from './graph.js';

/** A resource the garbage collector follows. */
export interface MonitoredResource {
  gvr: GroupVersionResource;
  gvk: GroupVersionKind;
}

interface Monitor {
  resource: MonitoredResource;
  informer: SharedIndexInformer<KubeObject>;
  registration: ResourceEventHandlerRegistration;
}

type EventType = 'add' | 'update' | 'delete';

/** Where informers come from: the process's shared factory (one watch per resource for every controller). */
export interface InformerSource {
  forResource<T extends KubeObject = KubeObject>(ref: ResourceRef): SharedIndexInformer<T>;
}

export interface GraphBuilderOptions {
  informerFactory: InformerSource;
  attemptToDelete: RateLimitingQueue<GraphNode>;
  attemptToOrphan: RateLimitingQueue<GraphNode>;
  /** Owners known not to exist, by identityKey (shared with the collector). */
  absentOwnerCache: LRUCache<string, true>;
  recorder: EventRecorder;
}

/** The cache key of an identity: absent owners are remembered by all their coordinates. */
export function identityKey(id: ObjectIdentity): string {
  return `${id.apiVersion}/${id.kind}/${id.namespace}/${id.name}/${id.uid}`;
}

export function gvrKey(gvr: GroupVersionResource): string {
  return `${gvr.group}/${gvr.version}/${gvr.resource}`;
}

const hasFinalizer = (obj: KubeObject, f: string) => (obj.metadata.finalizers ?? []).includes(f);
const beingDeleted = (obj: KubeObject) => obj.metadata.deletionTimestamp !== undefined;

/** Deletion started with `finalizer` in this event (upstream deletionStartsWithFinalizer). */
function deletionStartsWithFinalizer(old: KubeObject | undefined, obj: KubeObject, finalizer: string): boolean {
  if (!beingDeleted(obj) || !hasFinalizer(obj, finalizer)) return false;
  return old === undefined || !beingDeleted(old) || !hasFinalizer(old, finalizer);
}

export class GraphBuilder {
  readonly uidToNode = new Map<string, GraphNode>();
  private readonly monitors = new Map<string, Monitor>();

  constructor(private readonly opts: GraphBuilderOptions) {}

  /**
   * Follows exactly `resources` from now on: informers (from the shared factory) for new ones,
   * handlers removed from those no longer listed. Returns how many were added and removed.
   * Newly added informers start with the factory's next start().
   */
  syncMonitors(resources: readonly MonitoredResource[]): { added: number; removed: number } {
    const wanted = new Map(resources.map((r) => [gvrKey(r.gvr), r]));
    let added = 0;
    let removed = 0;
    for (const [key, monitor] of this.monitors) {
      if (wanted.has(key)) continue;
      monitor.registration.remove();
      this.monitors.delete(key);
      removed++;
    }
    for (const [key, resource] of wanted) {
      if (this.monitors.has(key)) continue;
      const informer = this.opts.informerFactory.forResource<KubeObject>(resource.gvr);
      const registration = informer.addEventHandler({
        onAdd: (obj) => this.processEvent('add', obj, undefined, resource.gvk),
        onUpdate: (old, obj) => this.processEvent('update', obj, old, resource.gvk),
        onDelete: (obj) =>
          this.processEvent('delete', obj instanceof DeletedFinalStateUnknown ? obj.obj : obj, undefined, resource.gvk),
      });
      this.monitors.set(key, { resource, informer, registration });
      added++;
    }
    return { added, removed };
  }

  /** The resources followed now. */
  monitoredResources(): MonitoredResource[] {
    return [...this.monitors.values()].map((m) => m.resource);
  }

  /** Every monitor's informer has listed once (upstream IsSynced). */
  isSynced(): boolean {
    for (const m of this.monitors.values()) {
      if (!m.registration.hasSynced()) {
        klog.v(4).info('garbage controller monitor not yet synced', { resource: gvrKey(m.resource.gvr) });
        return false;
      }
    }
    return true;
  }

  /** Records that `identity` was verified absent by the API (upstream enqueueVirtualDeleteEvent). */
  enqueueVirtualDeleteEvent(identity: ObjectIdentity): void {
    const [group, version] = splitAPIVersion(identity.apiVersion);
    const obj: KubeObject = {
      apiVersion: identity.apiVersion,
      kind: identity.kind,
      metadata: {
        name: identity.name,
        uid: identity.uid,
        ...(identity.namespace ? { namespace: identity.namespace } : {}),
      },
    };
    this.processEvent('delete', obj, undefined, { group, version, kind: identity.kind }, true);
  }

  private processEvent(
    type: EventType,
    obj: KubeObject,
    old: KubeObject | undefined,
    gvk: GroupVersionKind,
    virtualEvent = false,
  ): void {
    const uid = obj.metadata.uid;
    if (!uid) return;
    const observed = identityOf(obj, gvk);
    let existing = this.uidToNode.get(uid);
    if (existing && !existing.isObserved() && !virtualEvent) {
      // A virtual node is observed at last; its dependents may have named it by other coordinates.
      if (!sameIdentity(observed, existing.identity)) {
        const [, mismatched] = partitionDependents([...existing.dependents], observed);
        for (const dep of mismatched) {
          if (observed.namespace && dep.identity.namespace !== observed.namespace) {
            klog.v(2).info('item references an owner but does not match namespaces', {
              item: identityString(dep.identity),
              owner: identityString(observed),
            });
            this.reportInvalidNamespaceOwnerRef(dep, observed.uid);
          }
          this.opts.attemptToDelete.add(dep);
        }
        klog.v(2).info('replacing virtual item with observed item', {
          virtual: identityString(existing.identity),
          observed: identityString(observed),
        });
        existing = this.replaceNode(existing, observed);
      }
      existing.virtual = false;
    }
    if (type !== 'delete' && !existing) {
      const node = new GraphNode(observed);
      node.owners = obj.metadata.ownerReferences ?? [];
      node.beingDeleted = beingDeleted(obj);
      node.deletingDependents = node.beingDeleted && hasFinalizer(obj, finalizerDeleteDependents);
      this.uidToNode.set(uid, node);
      this.addDependentToOwners(node, node.owners);
      this.processTransitions(old, obj, node);
    } else if (type !== 'delete' && existing) {
      const { added, removed, changed } = referencesDiffs(existing.owners, obj.metadata.ownerReferences ?? []);
      if (added.length + removed.length + changed.length > 0) {
        this.addUnblockedOwnersToDeleteQueue(removed, changed);
        existing.owners = obj.metadata.ownerReferences ?? [];
        this.addDependentToOwners(existing, added);
        this.removeDependentFromOwners(existing, removed);
      }
      if (beingDeleted(obj)) existing.beingDeleted = true;
      this.processTransitions(old, obj, existing);
    } else if (type === 'delete' && existing) {
      this.processDelete(existing, observed, virtualEvent);
    }
  }

  private processDelete(existing: GraphNode, deleted: ObjectIdentity, virtualEvent: boolean): void {
    if (virtualEvent) {
      if (existing.virtual) {
        // Dependents may disagree on this owner's coordinates: only the ones that named it as
        // verified absent are settled; the node stays for the others, under their coordinates.
        const [matching, nonMatching] = partitionDependents([...existing.dependents], deleted);
        if (nonMatching.length > 0) {
          if (matching.length > 0) {
            this.opts.absentOwnerCache.set(identityKey(deleted), true);
            for (const dep of matching) this.opts.attemptToDelete.add(dep);
          }
          if (sameIdentity(existing.identity, deleted)) {
            const alternate = alternateOwnerIdentity(nonMatching, deleted);
            if (alternate) this.opts.attemptToDelete.addRateLimited(this.replaceNode(existing, alternate));
          }
          return;
        }
      } else if (!sameIdentity(existing.identity, deleted)) {
        // The real object exists under other coordinates: only dependents naming the absent ones are dangling.
        const [matching] = partitionDependents([...existing.dependents], deleted);
        if (matching.length > 0) {
          this.opts.absentOwnerCache.set(identityKey(deleted), true);
          for (const dep of matching) this.opts.attemptToDelete.add(dep);
        }
        return;
      }
    }
    this.removeNode(existing);
    if (existing.dependents.size > 0) this.opts.absentOwnerCache.set(identityKey(deleted), true);
    for (const dep of existing.dependents) this.opts.attemptToDelete.add(dep);
    for (const ref of existing.owners) {
      const owner = this.uidToNode.get(ref.uid);
      // An owner waiting for its dependents may be able to finish now.
      if (owner?.deletingDependents) this.opts.attemptToDelete.add(owner);
    }
  }

  /** upstream processTransitions: deletion just started with a GC finalizer. */
  private processTransitions(old: KubeObject | undefined, obj: KubeObject, node: GraphNode): void {
    if (deletionStartsWithFinalizer(old, obj, finalizerOrphanDependents)) {
      klog.v(5).info('add item to attemptToOrphan', { item: node.toString() });
      this.opts.attemptToOrphan.add(node);
      return;
    }
    if (deletionStartsWithFinalizer(old, obj, finalizerDeleteDependents)) {
      klog.v(2).info("add item to attemptToDelete, because it's waiting for its dependents to be deleted", {
        item: node.toString(),
      });
      node.deletingDependents = true;
      for (const dep of node.dependents) this.opts.attemptToDelete.add(dep);
      this.opts.attemptToDelete.add(node);
    }
  }

  /** Links `node` under each owner in `owners`, creating virtual owners (upstream addDependentToOwners). */
  private addDependentToOwners(node: GraphNode, owners: readonly OwnerReference[]): void {
    let potentiallyInvalid = false;
    for (const ref of owners) {
      let owner = this.uidToNode.get(ref.uid);
      if (!owner) {
        // Not seen yet: a virtual owner, which the collector checks against the API.
        owner = new GraphNode(
          {
            apiVersion: ref.apiVersion,
            kind: ref.kind,
            name: ref.name,
            uid: ref.uid,
            namespace: node.identity.namespace,
          },
          { virtual: true },
        );
        klog.v(5).info('add virtual item', { identity: owner.toString() });
        this.uidToNode.set(ref.uid, owner);
        owner.dependents.add(node);
        this.opts.attemptToDelete.add(owner);
        continue;
      }
      owner.dependents.add(node);
      if (potentiallyInvalid) continue;
      const ownerNamespaced = owner.identity.namespace !== '';
      if (ownerNamespaced && owner.identity.namespace !== node.identity.namespace) {
        // A namespaced owner must be in the dependent's namespace; cluster-scoped ones may own anything.
        if (owner.isObserved()) this.reportInvalidNamespaceOwnerRef(node, ref.uid);
        potentiallyInvalid = true;
      } else if (!referenceMatches(ref, owner.identity)) {
        potentiallyInvalid = true;
      } else if (!ownerNamespaced && owner.identity.namespace !== node.identity.namespace && !owner.isObserved()) {
        potentiallyInvalid = true;
      }
    }
    // The collector verifies such a dependent's owners against the API.
    if (potentiallyInvalid) this.opts.attemptToDelete.add(node);
  }

  private removeDependentFromOwners(node: GraphNode, owners: readonly OwnerReference[]): void {
    for (const ref of owners) this.uidToNode.get(ref.uid)?.dependents.delete(node);
  }

  private removeNode(node: GraphNode): void {
    this.uidToNode.delete(node.identity.uid);
    this.removeDependentFromOwners(node, node.owners);
  }

  /** Puts a copy of `node` with `identity` in its place, in the map and in its owners' dependents. */
  private replaceNode(node: GraphNode, identity: ObjectIdentity): GraphNode {
    const replacement = node.clone();
    replacement.identity = identity;
    this.uidToNode.set(identity.uid, replacement);
    for (const ref of node.owners) {
      const owner = this.uidToNode.get(ref.uid);
      if (owner?.dependents.delete(node)) owner.dependents.add(replacement);
    }
    // Dependents find their owners by uid, so the map entry is all they need.
    return replacement;
  }

  /** Owners a removed or unblocked reference was holding back (upstream addUnblockedOwnersToDeleteQueue). */
  private addUnblockedOwnersToDeleteQueue(
    removed: readonly OwnerReference[],
    changed: readonly { old: OwnerReference; updated: OwnerReference }[],
  ): void {
    for (const ref of removed) {
      if (ref.blockOwnerDeletion !== true) continue;
      const owner = this.uidToNode.get(ref.uid);
      if (owner) this.opts.attemptToDelete.add(owner);
    }
    for (const { old, updated } of changed) {
      if (old.blockOwnerDeletion !== true || updated.blockOwnerDeletion === true) continue;
      const owner = this.uidToNode.get(updated.uid);
      if (owner) this.opts.attemptToDelete.add(owner);
    }
  }

  /** A Warning event on `node` for an owner reference across namespaces (upstream reportInvalidNamespaceOwnerRef). */
  private reportInvalidNamespaceOwnerRef(node: GraphNode, ownerUID: string): void {
    const ref = node.owners.find((o) => o.uid === ownerUID);
    if (!ref) return;
    const invalid: ObjectIdentity = {
      apiVersion: ref.apiVersion,
      kind: ref.kind,
      name: ref.name,
      uid: ref.uid,
      namespace: node.identity.namespace,
    };
    const id = node.identity;
    this.opts.recorder.event(
      {
        apiVersion: id.apiVersion,
        kind: id.kind,
        name: id.name,
        uid: id.uid,
        ...(id.namespace ? { namespace: id.namespace } : {}),
      },
      'Warning',
      'OwnerRefInvalidNamespace',
      `ownerRef ${identityString(invalid)} does not exist in namespace ${JSON.stringify(id.namespace)}`,
    );
  }
}

function identityOf(obj: KubeObject, gvk: GroupVersionKind): ObjectIdentity {
  return {
    apiVersion: gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version,
    kind: gvk.kind,
    name: obj.metadata.name ?? '',
    uid: obj.metadata.uid ?? '',
    namespace: obj.metadata.namespace ?? '',
  };
}

function splitAPIVersion(apiVersion: string): [string, string] {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? ['', apiVersion] : [apiVersion.slice(0, slash), apiVersion.slice(slash + 1)];
}

/** Owner references added, removed and changed between two lists, by uid (upstream referencesDiffs). */
export function referencesDiffs(
  old: readonly OwnerReference[],
  updated: readonly OwnerReference[],
): { added: OwnerReference[]; removed: OwnerReference[]; changed: { old: OwnerReference; updated: OwnerReference }[] } {
  const oldByUID = new Map(old.map((r) => [r.uid, r]));
  const added: OwnerReference[] = [];
  const changed: { old: OwnerReference; updated: OwnerReference }[] = [];
  for (const ref of updated) {
    const before = oldByUID.get(ref.uid);
    if (!before) added.push(ref);
    else {
      oldByUID.delete(ref.uid);
      if (JSON.stringify(before) !== JSON.stringify(ref)) changed.push({ old: before, updated: ref });
    }
  }
  return { added, removed: [...oldByUID.values()], changed };
}

/**
 * Splits dependents by whether their reference to `owner` matches its coordinates, and its
 * namespace for a namespaced owner (upstream partitionDependents).
 */
function partitionDependents(deps: readonly GraphNode[], owner: ObjectIdentity): [GraphNode[], GraphNode[]] {
  const matching: GraphNode[] = [];
  const nonMatching: GraphNode[] = [];
  for (const dep of deps) {
    const ref = dep.owners.find((r) => r.uid === owner.uid);
    const ok =
      ref !== undefined &&
      referenceMatches(ref, owner) &&
      (owner.namespace === '' || owner.namespace === dep.identity.namespace);
    (ok ? matching : nonMatching).push(dep);
  }
  return [matching, nonMatching];
}

/**
 * Another identity the dependents give this uid than the one verified absent (upstream
 * getAlternateOwnerIdentity): the first, in sorted order, after the absent one, else the first.
 */
function alternateOwnerIdentity(deps: readonly GraphNode[], absent: ObjectIdentity): ObjectIdentity | undefined {
  const candidates = new Map<string, ObjectIdentity>();
  for (const dep of deps) {
    for (const ref of dep.owners) {
      if (ref.uid !== absent.uid) continue;
      const id: ObjectIdentity = {
        apiVersion: ref.apiVersion,
        kind: ref.kind,
        name: ref.name,
        uid: ref.uid,
        namespace: dep.identity.namespace,
      };
      if (!sameIdentity(id, absent)) candidates.set(identityKey(id), id);
    }
  }
  const keys = [...candidates.keys()].sort();
  const after = keys.find((k) => k > identityKey(absent)) ?? keys[0];
  return after === undefined ? undefined : candidates.get(after);
}
