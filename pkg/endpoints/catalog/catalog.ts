/**
 * The API catalog: every group version the server chain serves, mutable while the server runs.
 * Built-in groups are registered at start; custom resources and aggregated APIs come and go
 * later through the same two calls, `set` and `remove`. Readers never cache routes: the API
 * handler looks each request's group version up here (upstream's crdHandler shape), and
 * discovery and OpenAPI rebuild their documents — with new ETags — when `revision` moves.
 *
 * Upstream spreads this over the go-restful container (built-ins), the crdHandler's CRD lister,
 * the aggregator's APIService handlers and the aggregated-discovery ResourceManager; one table
 * gives both kinds of group one path.
 *
 *   catalog.set({ group: 'stable.example.com', version: { version: 'v1', resources: [...] },
 *                 owner: 'apiextensions-apiserver', groupPriority: 1000, versionPriority: 100 });
 *   catalog.lookup('stable.example.com', 'v1')?.scopes.get('crontabs')   // per request
 *   catalog.remove('stable.example.com', 'v1');
 */
import type { APIGroupInfo, APIGroupVersionInfo } from '../../registry/rest/catalog.js';
import type { StructuralLookup } from '../../runtime/structural/structural.js';
import type { RequestScope } from '../handlers/rest.js';
import { compareKubeAwareVersions } from './version.js';

export interface GroupVersionRegistration {
  /** '' for the legacy core group served under /api. */
  group: string;
  version: APIGroupVersionInfo;
  /** The server of the chain that serves it: the name of its GenericAPIServer. */
  owner: string;
  /**
   * Discovery order, higher first (upstream's APIService groupPriorityMinimum and versionPriority):
   * groups by their highest groupPriority, then by name; a group's versions by versionPriority,
   * then by Kubernetes version order. The first version of a group is its preferred version.
   */
  groupPriority: number;
  versionPriority: number;
  /** Schemas of the kinds served, for pruning unknown fields and field validation. */
  schemas?: StructuralLookup;
}

/** A registered group version, with what the request path needs precomputed. */
export interface ServedGroupVersion extends GroupVersionRegistration {
  /** One scope per `resource` and `resource/subresource`. */
  readonly scopes: ReadonlyMap<string, RequestScope>;
  /** The catalog revision at which this group version was last set: caches key on it. */
  readonly revision: number;
}

/** Upstream's priorities for groups registered without any (custom resources): after every built-in group. */
export const defaultGroupPriority = 1000;
export const defaultVersionPriority = 100;

export class APICatalog {
  private readonly entries = new Map<string, ServedGroupVersion>();
  private readonly listeners = new Set<() => void>();
  private currentRevision = 0;
  private sorted: { revision: number; groups: APIGroupInfo[] } | undefined;

  /** Moves on every change; documents built from the catalog are current while it stays put. */
  get revision(): number {
    return this.currentRevision;
  }

  /** Adds a group version, or replaces it (its resources, owner or priorities changed). */
  set(registration: GroupVersionRegistration): void {
    const revision = ++this.currentRevision;
    const entry: ServedGroupVersion = { ...registration, scopes: buildScopes(registration), revision };
    this.entries.set(key(registration.group, registration.version.version), entry);
    this.changed();
  }

  /** Registers every version of a group at once, preferred (first) version highest. */
  setGroup(group: APIGroupInfo, owner: string, groupPriority: number, schemas?: StructuralLookup): void {
    group.versions.forEach((version, i) => {
      const registration: GroupVersionRegistration = {
        group: group.group,
        version,
        owner,
        groupPriority,
        versionPriority: defaultVersionPriority + group.versions.length - i,
      };
      if (schemas) registration.schemas = schemas;
      this.set(registration);
    });
  }

  /** Stops serving a group version; false when it was not served. */
  remove(group: string, version: string): boolean {
    if (!this.entries.delete(key(group, version))) return false;
    this.currentRevision++;
    this.changed();
    return true;
  }

  /** The group version a request names, if served. The request path's only catalog access. */
  lookup(group: string, version: string): ServedGroupVersion | undefined {
    return this.entries.get(key(group, version));
  }

  /** The served versions of a group in discovery order (preferred first); empty when not served. */
  versionsOf(group: string): ServedGroupVersion[] {
    return [...this.entries.values()].filter((e) => e.group === group).sort(compareVersions);
  }

  /** Every served group in discovery order, each with its versions in discovery order. */
  groups(): readonly APIGroupInfo[] {
    if (this.sorted?.revision === this.currentRevision) return this.sorted.groups;
    const byGroup = new Map<string, ServedGroupVersion[]>();
    for (const entry of this.entries.values()) {
      const list = byGroup.get(entry.group);
      if (list) list.push(entry);
      else byGroup.set(entry.group, [entry]);
    }
    const groups = [...byGroup.entries()]
      .map(([group, versions]) => ({
        group,
        versions: versions.sort(compareVersions),
        priority: Math.max(...versions.map((v) => v.groupPriority)),
      }))
      .sort((a, b) => b.priority - a.priority || (a.group < b.group ? -1 : a.group > b.group ? 1 : 0))
      .map(({ group, versions }) => ({ group, versions: versions.map((v) => v.version) }));
    this.sorted = { revision: this.currentRevision, groups };
    return groups;
  }

  /** Calls `listener` after every change; returns the function that unsubscribes it. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

function key(group: string, version: string): string {
  return `${group}/${version}`;
}

function compareVersions(a: ServedGroupVersion, b: ServedGroupVersion): number {
  return b.versionPriority - a.versionPriority || compareKubeAwareVersions(a.version.version, b.version.version);
}

function buildScopes(registration: GroupVersionRegistration): Map<string, RequestScope> {
  const { group, version, schemas } = registration;
  const scopes = new Map<string, RequestScope>();
  for (const r of version.resources) {
    const resourceKind = { group, version: version.version, kind: r.kind };
    const base = {
      resourceKind,
      resource: { group, resource: r.resource },
      namespaced: r.namespaced,
      ...(schemas ? { schemas } : {}),
    };
    scopes.set(r.resource, { ...base, kind: resourceKind, subresource: '', storage: r.storage });
    for (const sub of r.subresources ?? []) {
      scopes.set(`${r.resource}/${sub.name}`, { ...base, kind: sub.kind, subresource: sub.name, storage: sub.storage });
    }
  }
  return scopes;
}
