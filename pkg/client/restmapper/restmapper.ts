/**
 * Kind ↔ resource, and scope (mirrors apimachinery meta.DefaultRESTMapper as client-go
 * restmapper.NewDiscoveryRESTMapper builds it, and restmapper.DeferredDiscoveryRESTMapper):
 * `Deployment.apps` → `deployments` in apps/v1, namespaced. Built from discovery; the deferred
 * mapper rediscovers once when asked for something unknown, so a CRD created after start is found.
 *
 * Versions are tried in the group's preference order (the server's preferred version first).
 * Resources are matched by plural name, singular name or short name, case-insensitively.
 */
import type { GroupVersionKind, GroupVersionResource } from '../../apis/meta/v1/types.js';
import type { APIResource, DiscoveryClient, DiscoveryDocument } from '../discovery/discovery-client.js';

export type RESTScope = 'namespace' | 'root';

export interface RESTMapping {
  resource: GroupVersionResource;
  groupVersionKind: GroupVersionKind;
  scope: RESTScope;
}

/** A resource as a user may name it: any of group and version may be missing. */
export interface PartialResource {
  group?: string;
  version?: string;
  resource: string;
}

export class NoKindMatchError extends Error {
  constructor(
    readonly group: string,
    readonly kind: string,
    readonly versions: readonly string[],
  ) {
    const where =
      versions.length === 0
        ? `in group "${group}"`
        : `in version "${versions.map((v) => (group ? `${group}/${v}` : v)).join('", "')}"`;
    super(`no matches for kind "${kind}" ${where}`);
    this.name = 'NoKindMatchError';
  }
}

export class NoResourceMatchError extends Error {
  constructor(readonly partial: PartialResource) {
    super(`no matches for ${partial.group ?? ''}/${partial.version ?? ''}, Resource=${partial.resource}`);
    this.name = 'NoResourceMatchError';
  }
}

export function isNoMatchError(err: unknown): boolean {
  return err instanceof NoKindMatchError || err instanceof NoResourceMatchError;
}

interface Entry {
  resource: APIResource;
  /** Position of its version in the group's preference order. */
  versionRank: number;
  /** Position of its group in discovery order (core first). */
  groupRank: number;
}

export class RESTMapper {
  private readonly entries: Entry[] = [];

  constructor(doc: DiscoveryDocument) {
    const groupRank = new Map(doc.groups.map((g, i) => [g.name, i]));
    const versionRank = new Map<string, number>();
    for (const g of doc.groups) {
      const preferred = g.preferredVersion.groupVersion;
      const ordered = [preferred, ...g.versions.map((v) => v.groupVersion).filter((gv) => gv !== preferred)];
      ordered.forEach((gv, i) => {
        versionRank.set(gv, i);
      });
    }
    for (const list of doc.resources) {
      for (const r of list.resources) {
        // Subresources are not separately mappable kinds.
        if (r.name.includes('/')) continue;
        const gv = list.groupVersion;
        const group = gv.includes('/') ? gv.slice(0, gv.indexOf('/')) : '';
        this.entries.push({
          resource: r,
          versionRank: versionRank.get(gv) ?? Number.MAX_SAFE_INTEGER,
          groupRank: groupRank.get(group) ?? Number.MAX_SAFE_INTEGER,
        });
      }
    }
    this.entries.sort((a, b) => a.groupRank - b.groupRank || a.versionRank - b.versionRank);
  }

  /** The kind served at `partial`, best match first (preferred group, then preferred version). */
  kindFor(partial: PartialResource): GroupVersionKind {
    const [first] = this.matchResource(partial);
    if (!first) throw new NoResourceMatchError(partial);
    return { group: first.resource.group, version: first.resource.version, kind: first.resource.kind };
  }

  /** The fully qualified resource for `partial` (plural, singular or short name). */
  resourceFor(partial: PartialResource): GroupVersionResource {
    const [first] = this.matchResource(partial);
    if (!first) throw new NoResourceMatchError(partial);
    return gvrOf(first.resource);
  }

  /** The mapping of kind `gk`, in the first of `versions` served (the preferred one when none given). */
  restMapping(gk: { group: string; kind: string }, ...versions: string[]): RESTMapping {
    const [first] = this.restMappings(gk, ...versions);
    if (!first) throw new NoKindMatchError(gk.group, gk.kind, versions);
    return first;
  }

  restMappings(gk: { group: string; kind: string }, ...versions: string[]): RESTMapping[] {
    const candidates = this.entries.filter(
      (e) => e.resource.group === gk.group && e.resource.kind.toLowerCase() === gk.kind.toLowerCase(),
    );
    const ordered = versions.length
      ? versions.flatMap((v) => candidates.filter((e) => e.resource.version === v))
      : candidates;
    return ordered.map((e) => ({
      resource: gvrOf(e.resource),
      groupVersionKind: { group: e.resource.group, version: e.resource.version, kind: e.resource.kind },
      scope: e.resource.namespaced ? 'namespace' : 'root',
    }));
  }

  private matchResource(partial: PartialResource): Entry[] {
    const name = partial.resource.toLowerCase();
    return this.entries.filter((e) => {
      const r = e.resource;
      if (partial.group !== undefined && r.group !== partial.group) return false;
      if (partial.version && r.version !== partial.version) return false;
      return r.name === name || r.singularName === name || (r.shortNames ?? []).includes(name);
    });
  }
}

function gvrOf(r: APIResource): GroupVersionResource {
  return { group: r.group, version: r.version, resource: r.name };
}

/**
 * A mapper that loads discovery on first use and, when a lookup finds nothing, rediscovers once
 * before giving up (a new CRD, an aggregated API that came up).
 */
export class DeferredDiscoveryRESTMapper {
  private mapper: Promise<RESTMapper> | undefined;

  constructor(private readonly discovery: DiscoveryClient) {}

  kindFor(partial: PartialResource, signal?: AbortSignal): Promise<GroupVersionKind> {
    return this.withRetry((m) => m.kindFor(partial), signal);
  }

  resourceFor(partial: PartialResource, signal?: AbortSignal): Promise<GroupVersionResource> {
    return this.withRetry((m) => m.resourceFor(partial), signal);
  }

  restMapping(
    gk: { group: string; kind: string },
    versions: string[] = [],
    signal?: AbortSignal,
  ): Promise<RESTMapping> {
    return this.withRetry((m) => m.restMapping(gk, ...versions), signal);
  }

  /** Forgets what was discovered. */
  reset(): void {
    this.discovery.invalidate();
    this.mapper = undefined;
  }

  private async withRetry<T>(fn: (m: RESTMapper) => T, signal: AbortSignal | undefined): Promise<T> {
    try {
      return fn(await this.current(signal));
    } catch (err) {
      if (!isNoMatchError(err)) throw err;
      this.reset();
      return fn(await this.current(signal));
    }
  }

  private current(signal: AbortSignal | undefined): Promise<RESTMapper> {
    if (!this.mapper) {
      const loading = this.discovery.serverGroupsAndResources(signal).then((doc) => new RESTMapper(doc));
      this.mapper = loading;
      loading.catch(() => {
        if (this.mapper === loading) this.mapper = undefined;
      });
    }
    return this.mapper;
  }
}
