/**
 * Which groups, versions and resources the server has (mirrors client-go discovery): aggregated
 * discovery first — `/api` and `/apis` asked with the apidiscovery v2 (then v2beta1) Accept
 * header answer everything in two requests — and the legacy documents (`/api`, `/apis`, then one
 * APIResourceList per group version) from servers that do not speak it.
 *
 * The result is cached until `invalidate()` (client-go's memory-cached discovery): a RESTMapper
 * invalidates it when asked for something it does not know, e.g. a CRD created since.
 */
import type { GroupVersionKind } from '../../apis/meta/v1/types.js';
import type { VersionInfo } from '../../version/version.js';
import type { RESTClient } from '../rest/client.js';

export const acceptV2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
export const acceptV2Beta1 = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';
export const acceptV1 = 'application/json';
/** What client-go sends: the aggregated forms first, plain JSON as the fallback. */
export const acceptDiscoveryFormats = `${acceptV2},${acceptV2Beta1},${acceptV1}`;

/**
 * metav1.APIResource, with group and version always set: those it is served at (for a
 * subresource, those of the kind it answers with). A subresource appears as its own entry named
 * `resource/subresource`.
 */
export interface APIResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  group: string;
  version: string;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
}

export interface APIResourceList {
  /** `v1`, or `apps/v1`. */
  groupVersion: string;
  resources: APIResource[];
}

export interface GroupVersionForDiscovery {
  groupVersion: string;
  version: string;
}

export interface APIGroup {
  /** '' for the core group. */
  name: string;
  versions: GroupVersionForDiscovery[];
  preferredVersion: GroupVersionForDiscovery;
}

export interface DiscoveryDocument {
  groups: APIGroup[];
  resources: APIResourceList[];
  /** Whether the server answered with aggregated discovery. */
  aggregated: boolean;
}

// Wire shapes of aggregated discovery (apidiscovery.k8s.io/v2).
interface AggregatedList {
  kind?: string;
  items?: {
    metadata?: { name?: string };
    versions?: {
      version: string;
      freshness?: string;
      resources?: {
        resource: string;
        responseKind?: Partial<GroupVersionKind>;
        scope?: 'Namespaced' | 'Cluster';
        singularResource?: string;
        verbs?: string[];
        shortNames?: string[];
        categories?: string[];
        subresources?: { subresource: string; responseKind?: Partial<GroupVersionKind>; verbs?: string[] }[];
      }[];
    }[];
  }[];
}

// Wire shapes of legacy discovery.
interface LegacyAPIVersions {
  kind?: string;
  versions?: string[];
}
interface LegacyGroupList {
  groups?: { name: string; versions: GroupVersionForDiscovery[]; preferredVersion?: GroupVersionForDiscovery }[];
}
interface LegacyResourceList {
  groupVersion?: string;
  resources?: (Partial<APIResource> & { name: string; kind: string })[];
}

export class DiscoveryClient {
  private cached: Promise<DiscoveryDocument> | undefined;

  constructor(readonly restClient: RESTClient) {}

  /** Every group and resource the server serves (cached). */
  serverGroupsAndResources(signal?: AbortSignal): Promise<DiscoveryDocument> {
    if (!this.cached) {
      const loading = this.load(signal);
      this.cached = loading;
      // A failed load is not cached: the next call asks again.
      loading.catch(() => {
        if (this.cached === loading) this.cached = undefined;
      });
    }
    return this.cached;
  }

  async serverGroups(signal?: AbortSignal): Promise<APIGroup[]> {
    return (await this.serverGroupsAndResources(signal)).groups;
  }

  /** The resources of one group version, e.g. `apps/v1`, or undefined when it is not served. */
  async serverResourcesForGroupVersion(
    groupVersion: string,
    signal?: AbortSignal,
  ): Promise<APIResourceList | undefined> {
    return (await this.serverGroupsAndResources(signal)).resources.find((r) => r.groupVersion === groupVersion);
  }

  /** The resources of each group's preferred version. */
  async serverPreferredResources(signal?: AbortSignal): Promise<APIResourceList[]> {
    const doc = await this.serverGroupsAndResources(signal);
    const preferred = new Set(doc.groups.map((g) => g.preferredVersion.groupVersion));
    return doc.resources.filter((r) => preferred.has(r.groupVersion));
  }

  serverVersion(signal?: AbortSignal): Promise<VersionInfo> {
    return this.restClient.request<VersionInfo>({ method: 'GET', path: '/version', ...(signal ? { signal } : {}) });
  }

  /** Forgets the cached document. */
  invalidate(): void {
    this.cached = undefined;
  }

  private async load(signal: AbortSignal | undefined): Promise<DiscoveryDocument> {
    const opts = { method: 'GET' as const, accept: acceptDiscoveryFormats, ...(signal ? { signal } : {}) };
    const [core, named] = await Promise.all([
      this.restClient.request<AggregatedList & LegacyAPIVersions>({ ...opts, path: '/api' }),
      this.restClient.request<AggregatedList & LegacyGroupList>({ ...opts, path: '/apis' }),
    ]);
    if (core.kind === 'APIGroupDiscoveryList' && named.kind === 'APIGroupDiscoveryList') {
      const doc: DiscoveryDocument = { groups: [], resources: [], aggregated: true };
      addAggregated(doc, core);
      addAggregated(doc, named);
      return doc;
    }
    return this.loadLegacy(core, named, signal);
  }

  private async loadLegacy(
    core: LegacyAPIVersions,
    named: LegacyGroupList,
    signal: AbortSignal | undefined,
  ): Promise<DiscoveryDocument> {
    const groups: APIGroup[] = [];
    const coreVersions = (core.versions ?? []).map((v) => ({ groupVersion: v, version: v }));
    const preferredCore = coreVersions[0];
    if (preferredCore) groups.push({ name: '', versions: coreVersions, preferredVersion: preferredCore });
    for (const g of named.groups ?? []) {
      const preferred = g.preferredVersion ?? g.versions[0];
      if (preferred) groups.push({ name: g.name, versions: g.versions, preferredVersion: preferred });
    }
    const lists = await Promise.all(
      groups.flatMap((g) =>
        g.versions.map(async (v) => {
          const path = g.name === '' ? `/api/${v.version}` : `/apis/${v.groupVersion}`;
          const list = await this.restClient.request<LegacyResourceList>({
            method: 'GET',
            path,
            ...(signal ? { signal } : {}),
          });
          return legacyResources(g.name, v.version, list);
        }),
      ),
    );
    return { groups, resources: lists, aggregated: false };
  }
}

function addAggregated(doc: DiscoveryDocument, list: AggregatedList): void {
  for (const item of list.items ?? []) {
    const name = item.metadata?.name ?? '';
    const versions: GroupVersionForDiscovery[] = [];
    for (const v of item.versions ?? []) {
      // A stale version (its aggregated server is unreachable) is left out, as client-go reports it failed.
      if (v.freshness === 'Stale') continue;
      const groupVersion = name ? `${name}/${v.version}` : v.version;
      versions.push({ groupVersion, version: v.version });
      const resources: APIResource[] = [];
      for (const r of v.resources ?? []) {
        const base: APIResource = {
          name: r.resource,
          singularName: r.singularResource ?? '',
          namespaced: r.scope === 'Namespaced',
          group: name,
          version: v.version,
          kind: r.responseKind?.kind ?? '',
          verbs: r.verbs ?? [],
          ...(r.shortNames ? { shortNames: r.shortNames } : {}),
          ...(r.categories ? { categories: r.categories } : {}),
        };
        resources.push(base);
        for (const s of r.subresources ?? []) {
          resources.push({
            name: `${r.resource}/${s.subresource}`,
            singularName: '',
            namespaced: base.namespaced,
            group: s.responseKind?.group ?? name,
            version: s.responseKind?.version ?? v.version,
            kind: s.responseKind?.kind ?? '',
            verbs: s.verbs ?? [],
          });
        }
      }
      doc.resources.push({ groupVersion, resources });
    }
    const preferred = versions[0];
    if (preferred) doc.groups.push({ name, versions, preferredVersion: preferred });
  }
}

function legacyResources(group: string, version: string, list: LegacyResourceList): APIResourceList {
  return {
    groupVersion: group ? `${group}/${version}` : version,
    resources: (list.resources ?? []).map((r) => ({
      name: r.name,
      singularName: r.singularName ?? '',
      namespaced: r.namespaced ?? false,
      group,
      version,
      kind: r.kind,
      verbs: r.verbs ?? [],
      ...(r.shortNames ? { shortNames: r.shortNames } : {}),
      ...(r.categories ? { categories: r.categories } : {}),
    })),
  };
}
