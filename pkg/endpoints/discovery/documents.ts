/**
 * Discovery documents (mirrors apiserver's endpoints/discovery and discovery/aggregated), built
 * from the resource catalog. Both forms are served: the legacy per-level documents (APIVersions,
 * APIGroupList, APIGroup, APIResourceList) and aggregated discovery (apidiscovery.k8s.io
 * APIGroupDiscoveryList), which lets kubectl learn every resource in two requests.
 */
import type { APIGroupInfo, APIResourceInfo } from '../../registry/rest/catalog.js';
import { verbsOf } from '../../registry/rest/rest.js';

export interface GroupVersionForDiscovery {
  groupVersion: string;
  version: string;
}

export interface APIResource {
  name: string;
  singularName: string;
  namespaced: boolean;
  group?: string;
  version?: string;
  kind: string;
  verbs: string[];
  shortNames?: string[];
  categories?: string[];
  storageVersionHash?: string;
}

function groupVersion(group: string, version: string): string {
  return group === '' ? version : `${group}/${version}`;
}

/** `/api/v1` or `/apis/<group>/<version>`: the resources of one group version, subresources as `pods/status`. */
export function apiResourceList(group: string, version: string, resources: readonly APIResourceInfo[]): object {
  const list: APIResource[] = [];
  for (const r of resources) {
    const entry: APIResource = {
      name: r.resource,
      singularName: r.singularName,
      namespaced: r.namespaced,
      kind: r.kind,
      verbs: verbsOf(r.storage),
    };
    if (r.shortNames?.length) entry.shortNames = r.shortNames;
    if (r.categories?.length) entry.categories = r.categories;
    if (r.storageVersionHash) entry.storageVersionHash = r.storageVersionHash;
    list.push(entry);
    for (const sub of r.subresources ?? []) {
      const subEntry: APIResource = {
        name: `${r.resource}/${sub.name}`,
        singularName: '',
        namespaced: r.namespaced,
        kind: sub.kind.kind,
        verbs: verbsOf(sub.storage),
      };
      if (sub.kind.group !== group || sub.kind.version !== version) {
        subEntry.group = sub.kind.group;
        subEntry.version = sub.kind.version;
      }
      list.push(subEntry);
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersion(group, version), resources: list };
}

/** `/apis/<group>`: the group's versions, preferred first. */
export function apiGroup(info: APIGroupInfo): object {
  return { kind: 'APIGroup', apiVersion: 'v1', ...apiGroupBody(info) };
}

function apiGroupBody(info: APIGroupInfo): {
  name: string;
  versions: GroupVersionForDiscovery[];
  preferredVersion: GroupVersionForDiscovery;
} {
  const versions = info.versions.map((v) => ({
    groupVersion: groupVersion(info.group, v.version),
    version: v.version,
  }));
  return { name: info.group, versions, preferredVersion: versions[0] ?? { groupVersion: '', version: '' } };
}

/** `/apis`: every named group. */
export function apiGroupList(groups: readonly APIGroupInfo[]): object {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.filter((g) => g.group !== '').map(apiGroupBody) };
}

/** `/api`: the core group's versions and where to reach the server. */
export function apiVersions(core: APIGroupInfo | undefined, serverAddress: string): object {
  return {
    kind: 'APIVersions',
    versions: core?.versions.map((v) => v.version) ?? [],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

export type AggregatedVersion = 'v2' | 'v2beta1';

/** Aggregated discovery for `groups` (`/api` passes the core group alone, `/apis` the named groups). */
export function apiGroupDiscoveryList(groups: readonly APIGroupInfo[], version: AggregatedVersion): object {
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${version}`,
    metadata: {},
    items: groups.map((g) => ({
      metadata: g.group === '' ? { creationTimestamp: null } : { name: g.group, creationTimestamp: null },
      versions: g.versions.map((v) => ({
        version: v.version,
        resources: v.resources.map((r) => resourceDiscovery(g.group, v.version, r)),
        freshness: 'Current',
      })),
    })),
  };
}

function resourceDiscovery(group: string, version: string, r: APIResourceInfo): object {
  const entry: Record<string, unknown> = {
    resource: r.resource,
    responseKind: { group, version, kind: r.kind },
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singularName,
    verbs: verbsOf(r.storage),
  };
  if (r.shortNames?.length) entry.shortNames = r.shortNames;
  if (r.categories?.length) entry.categories = r.categories;
  if (r.subresources?.length) {
    entry.subresources = r.subresources.map((s) => ({
      subresource: s.name,
      responseKind: { group: s.kind.group, version: s.kind.version, kind: s.kind.kind },
      verbs: verbsOf(s.storage),
    }));
  }
  return entry;
}
