/**
 * Store construction shared by the resources' storage.ts files: one strategy for create, update
 * and delete, and the usual subresources built over the same options.
 *
 * @example
 * export const newReplicaSetStorage = (opts: RESTOptions) =>
 *   newStoreWithSubresources(opts, { qualifiedResource: …, kind: …, strategy: replicaSetStrategy },
 *     { status: replicaSetStatusStrategy, scale: replicasScale((rs) => rs.spec?.selector) });
 */
import type { KubeObject } from '../apis/meta/v1/types.js';
import { labelSelectorAsString, type LabelSelector } from '../apis/meta/v1/validation/validation.js';
import type { RESTOptions } from './generic/options.js';
import { newStore, type Store } from './generic/registry/store.js';
import type { StoreOptions } from './generic/registry/store-options.js';
import type { RESTGracefulDeleteStrategy } from './rest/delete.js';
import type { Getter, Updater } from './rest/rest.js';
import type { ResourceStrategy } from './strategy-types.js';
import { newScaleREST, type ScaleAccessors } from './subresource/scale.js';
import { newStatusStorage, type Strategy } from './subresource/status.js';

export type ResourceSpec<T extends KubeObject> = Omit<
  StoreOptions<T>,
  'restOptions' | 'createStrategy' | 'updateStrategy' | 'deleteStrategy'
> & {
  strategy: ResourceStrategy<T> & Partial<RESTGracefulDeleteStrategy>;
};

export function storeOptions<T extends KubeObject>(opts: RESTOptions, spec: ResourceSpec<T>): StoreOptions<T> {
  const { strategy, ...rest } = spec;
  return { ...rest, restOptions: opts, createStrategy: strategy, updateStrategy: strategy, deleteStrategy: strategy };
}

/** A resource without subresources. */
export function newResourceStore<T extends KubeObject>(opts: RESTOptions, spec: ResourceSpec<T>): Store {
  return newStore(storeOptions(opts, spec));
}

export interface SubresourceStorage {
  store: Store;
  status?: Getter & Updater;
  scale?: Getter & Updater;
}

/** A resource with /status (given its status strategy) and/or /scale (given replica accessors). */
export function newStoreWithSubresources<T extends KubeObject>(
  opts: RESTOptions,
  spec: ResourceSpec<T>,
  sub: { status?: Strategy<T>; scale?: ScaleAccessors<T> },
): SubresourceStorage {
  const options = storeOptions(opts, spec);
  const store = newStore(options);
  const out: SubresourceStorage = { store };
  if (sub.status) out.status = newStatusStorage(options, sub.status);
  if (sub.scale) out.scale = newScaleREST(store, sub.scale);
  return out;
}

interface Replicated extends KubeObject {
  spec?: { replicas?: number; selector?: LabelSelector };
  status?: { replicas?: number };
}

/** Scale accessors of apps workloads: spec.replicas, status.replicas, and the spec.selector as a string. */
export function replicasScale<T extends Replicated>(): ScaleAccessors<T> {
  return {
    specReplicas: (obj) => obj.spec?.replicas ?? 0,
    setSpecReplicas: (obj, n) => void ((obj.spec ??= {}).replicas = n),
    statusReplicas: (obj) => obj.status?.replicas ?? 0,
    selector: (obj) => labelSelectorAsString(obj.spec?.selector),
  };
}
