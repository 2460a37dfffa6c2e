/**
 * Building APIResourceInfo entries for the per-group wiring in pkg/registry/<group>/rest: the
 * discovery facts as upstream publishes them (singular name = lower-cased kind, storage version
 * hash of the stored group/version/kind) and the usual subresources.
 */
import { createHash } from 'node:crypto';
import type { GroupVersionKind } from '../apis/meta/v1/types.js';
import type { APIResourceInfo, APISubresourceInfo } from './rest/catalog.js';
import type { RESTStorage } from './rest/rest.js';

/** upstream discovery.StorageVersionHash: base64 of the first 8 bytes of sha256("group/version/kind"). */
export function storageVersionHash(gvk: GroupVersionKind): string {
  return createHash('sha256')
    .update(`${gvk.group}/${gvk.version}/${gvk.kind}`)
    .digest()
    .subarray(0, 8)
    .toString('base64');
}

export interface ResourceOptions {
  shortNames?: string[];
  categories?: string[];
  /** Subresource name → storage (status and finalize read/write the parent kind). */
  status?: RESTStorage;
  scale?: RESTStorage;
  extra?: APISubresourceInfo[];
  /** The kind objects are stored as, when another group's storage serves them (events.k8s.io → core Event). */
  storedAs?: GroupVersionKind;
}

export const scaleKind: GroupVersionKind = { group: 'autoscaling', version: 'v1', kind: 'Scale' };

/** One resource of group version `gv` (`{group: 'apps', version: 'v1'}`). */
export function resourceInfo(
  gv: { group: string; version: string },
  resource: string,
  kind: string,
  namespaced: boolean,
  storage: RESTStorage,
  o: ResourceOptions = {},
): APIResourceInfo {
  const gvk = { ...gv, kind };
  const info: APIResourceInfo = {
    resource,
    singularName: kind.toLowerCase(),
    kind,
    namespaced,
    storage,
    storageVersionHash: storageVersionHash(o.storedAs ?? gvk),
  };
  if (o.shortNames) info.shortNames = o.shortNames;
  if (o.categories) info.categories = o.categories;
  const subresources: APISubresourceInfo[] = [];
  if (o.status) subresources.push({ name: 'status', kind: gvk, storage: o.status });
  if (o.scale) subresources.push({ name: 'scale', kind: scaleKind, storage: o.scale });
  subresources.push(...(o.extra ?? []));
  if (subresources.length > 0) info.subresources = subresources;
  return info;
}

/** The status/scale options of a storage built by newStoreWithSubresources. */
export function subresourcesOf(s: {
  status?: RESTStorage | undefined;
  scale?: RESTStorage | undefined;
}): Pick<ResourceOptions, 'status' | 'scale'> {
  return { ...(s.status ? { status: s.status } : {}), ...(s.scale ? { scale: s.scale } : {}) };
}
