/**
 * The dependency graph's nodes (mirrors pkg/controller/garbagecollector/graph.go): one per object
 * the garbage collector has seen, keyed by uid, with its owner references and the nodes that name
 * it as an owner. An owner referenced before it was observed is a "virtual" node until its
 * informer reports it (or the API says it does not exist).
 */
import type { OwnerReference } from '../../apis/meta/v1/types.js';

/** An object's coordinates (upstream objectReference): the owner-reference fields plus the namespace. */
export interface ObjectIdentity {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  /** '' for cluster-scoped objects (and for virtual owners whose scope is not known yet, see addDependentToOwners). */
  namespace: string;
}

/** upstream objectReference.String(). */
export function identityString(id: ObjectIdentity): string {
  return `[${id.apiVersion}/${id.kind}, namespace: ${id.namespace}, name: ${id.name}, uid: ${id.uid}]`;
}

export function sameIdentity(a: ObjectIdentity, b: ObjectIdentity): boolean {
  return (
    a.apiVersion === b.apiVersion &&
    a.kind === b.kind &&
    a.name === b.name &&
    a.uid === b.uid &&
    a.namespace === b.namespace
  );
}

/** The group of an apiVersion (`apps/v1` → `apps`, `v1` → ''). */
export function groupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/**
 * Whether `ref` points at `owner` (upstream ownerReferenceMatchesCoordinates): same uid, name,
 * kind and group; the version may differ, as the same object is served at several.
 */
export function referenceMatches(ref: OwnerReference, owner: ObjectIdentity): boolean {
  return (
    ref.uid === owner.uid &&
    ref.name === owner.name &&
    ref.kind === owner.kind &&
    groupOf(ref.apiVersion) === groupOf(owner.apiVersion)
  );
}

export class GraphNode {
  readonly dependents = new Set<GraphNode>();
  /** Owner references as last observed (empty for a virtual node). */
  owners: OwnerReference[] = [];
  /** The object has a deletionTimestamp. */
  beingDeleted = false;
  /** Being deleted with the `foregroundDeletion` finalizer: waits for its blocking dependents. */
  deletingDependents = false;
  /** Referenced but not (yet) seen by an informer. */
  virtual: boolean;

  constructor(
    public identity: ObjectIdentity,
    opts: { virtual?: boolean } = {},
  ) {
    this.virtual = opts.virtual ?? false;
  }

  isObserved(): boolean {
    return !this.virtual;
  }

  /** A copy with the same links (upstream node.clone): replaces a node whose identity changes. */
  clone(): GraphNode {
    const c = new GraphNode({ ...this.identity }, { virtual: this.virtual });
    c.owners = this.owners;
    c.beingDeleted = this.beingDeleted;
    c.deletingDependents = this.deletingDependents;
    for (const d of this.dependents) c.dependents.add(d);
    return c;
  }

  /** Dependents whose reference to this node has blockOwnerDeletion: foreground deletion waits for these. */
  blockingDependents(): GraphNode[] {
    return [...this.dependents].filter((dep) =>
      dep.owners.some((ref) => ref.uid === this.identity.uid && ref.blockOwnerDeletion === true),
    );
  }

  toString(): string {
    return identityString(this.identity);
  }
}
