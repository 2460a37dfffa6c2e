/**
 * Building the APIGroupInfo of a group for the per-group wiring in pkg/registry/<group>/rest: the
 * discovery facts as upstream publishes them (singular name = lower-cased kind, storage version
 * hash of the stored group/version/kind) and the usual subresources. A resource served by a Store
 * needs only its catalog extras (`storeInfo(newDeploymentStorage(opts), { shortNames: ['deploy'] })`):
 * group, version, resource, kind and scope come from the Store.
 */
import { createHash } from 'node:crypto';
import type { GroupVersionKind, KubeObject } from '../apis/meta/v1/types.js';
import type { GroupVersion } from '../runtime/schema/group-version.js';
import type { Store } from './generic/registry/store.js';
import type { APIGroupInfo, APIResourceInfo, APISubresourceInfo } from './rest/catalog.js';
import type { RESTStorage } from './rest/rest.js';
import type { ScaleREST } from './subresource/scale.js';
import type { StatusREST } from './subresource/status.js';

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
  /** The storage of `<resource>/status`, which reads and writes the resource's own kind. */
  status?: RESTStorage;
  /** The storage of `<resource>/scale` (autoscaling/v1 Scale). */
  scale?: RESTStorage;
  /** Other subresources (pods/binding, namespaces/finalize), listed after status and scale. */
  extra?: APISubresourceInfo[];
  /** The kind objects are stored as, when another group's storage serves them (events.k8s.io → core Event). */
  storedAs?: GroupVersionKind;
}

export const scaleKind: GroupVersionKind = { group: 'autoscaling', version: 'v1', kind: 'Scale' };

/** One resource of group version `gv` (`{group: 'apps', version: 'v1'}`), for storage that is not a Store. */
export function resourceInfo(
  gv: GroupVersion,
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

/** A resource's storage as its storage.ts builds it: the Store and the standard subresources it serves. */
export interface ResourceStorage {
  store: Store;
  status?: StatusREST<KubeObject>;
  scale?: ScaleREST;
}

/** The catalog entry of a Store-backed resource, with its status/scale subresources when it has them. */
export function storeInfo(
  storage: Store | ResourceStorage,
  o: Omit<ResourceOptions, 'status' | 'scale' | 'storedAs'> = {},
): APIResourceInfo {
  const { store, status, scale }: ResourceStorage = 'store' in storage ? storage : { store: storage };
  const { group, version, kind } = store.kind;
  return resourceInfo({ group, version }, store.qualifiedResource.resource, kind, store.namespaceScoped, store, {
    ...o,
    ...(status ? { status } : {}),
    ...(scale ? { scale } : {}),
  });
}

/** A group serving one version. */
export function groupInfo(gv: GroupVersion, resources: APIResourceInfo[]): APIGroupInfo {
  return { group: gv.group, versions: [{ version: gv.version, resources }] };
}
