/**
 * What every verb of the generic Store shares: resolved options, keys, admission attributes and
 * the shaping of objects handed back to clients. Built once per resource by newRegistryStore.
 */
import { noAdmission } from '../../../admission/chain.js';
import type { AdmissionHandler, Attributes, Operation } from '../../../admission/interfaces.js';
import type { GroupResource, GroupVersionKind, KubeObject, ObjectMeta } from '../../../apis/meta/v1/types.js';
import type { Storage } from '../../../storage/interfaces.js';
import { defaultKeyRoot, type RESTOptions } from '../options.js';
import { namespaceValue, type RequestContext, userFrom } from '../../../endpoints/request/context.js';
import type { GroupKind } from '../../rest/create.js';
import { keyFor, keyRootFor } from './keys.js';
import type { SelectableFieldsSpec } from './predicate.js';
import type { RegistryStoreOptions } from './store-options.js';

export interface StoreCore<T extends KubeObject> {
  readonly restOptions: RESTOptions;
  readonly options: RegistryStoreOptions<T>;
  readonly storage: Storage;
  readonly admission: AdmissionHandler;
  readonly gr: GroupResource;
  readonly kind: GroupVersionKind;
  readonly groupKind: GroupKind;
  readonly apiVersion: string;
  readonly namespaced: boolean;
  /** Scope and field selector support, for predicates. */
  readonly selection: SelectableFieldsSpec<T>;
  /** `<keyRoot>/<resourcePrefix>`, without a trailing slash. */
  readonly root: string;
  keyFor(ctx: RequestContext, name: string): string;
  keyRootFor(ctx: RequestContext): string;
  /** Sets apiVersion/kind (every object the Store emits carries its kind) and normalizes metadata to an object. */
  stamp(obj: KubeObject): T;
  /** Copies an object from storage (or a client) and stamps the copy: something the Store may modify and hand out. */
  copy(obj: KubeObject): T;
  attributes(
    ctx: RequestContext,
    operation: Operation,
    name: string,
    dryRun: boolean,
    object?: KubeObject,
    oldObject?: KubeObject,
  ): Attributes;
}

/**
 * An object read from storage (or handed to the Store) as the Store's object type T. The one cast
 * of the generic Store: the storage layer holds every kind as KubeObject, and everything under a
 * Store's keys was written by that Store after its strategy validated it as a T.
 */
export function asStored<T extends KubeObject>(obj: KubeObject): T {
  return obj as T;
}

export function newStoreCore<T extends KubeObject>(
  restOptions: RESTOptions,
  options: RegistryStoreOptions<T>,
): StoreCore<T> {
  const { group, version, resource } = options.resource;
  const gr = { group, resource };
  const kind = { group, version, kind: options.resource.kind };
  const namespaced = options.strategy.namespaceScoped;
  const root = `${restOptions.keyRoot ?? defaultKeyRoot}/${options.resourcePrefix ?? resource}`;
  const apiVersion = group === '' ? version : `${group}/${version}`;
  const stamp = (obj: KubeObject): T => {
    if (typeof obj.metadata !== 'object' || obj.metadata === null || Array.isArray(obj.metadata)) obj.metadata = {};
    dropEmptyMetadata(obj.metadata);
    obj.apiVersion = apiVersion;
    obj.kind = kind.kind;
    return asStored(obj);
  };
  return {
    restOptions,
    options,
    storage: restOptions.storage,
    admission: restOptions.admission ?? noAdmission,
    gr,
    kind,
    groupKind: { group: kind.group, kind: kind.kind },
    apiVersion,
    namespaced,
    selection: options.selectableFields ? { namespaced, selectableFields: options.selectableFields } : { namespaced },
    root,
    keyFor: (ctx, name) => keyFor(root, namespaced, namespaceValue(ctx), name),
    keyRootFor: (ctx) => keyRootFor(root, namespaced, namespaceValue(ctx)),
    stamp,
    copy: (obj) => stamp(structuredClone(obj)),
    attributes(ctx, operation, name, dryRun, object, oldObject) {
      const attrs: Attributes = {
        name,
        namespace: namespaced ? namespaceValue(ctx) : '',
        resource: { group: gr.group, version: kind.version, resource: gr.resource },
        subresource: options.subresource ?? '',
        kind,
        operation,
        dryRun,
        userInfo: userFrom(ctx),
      };
      if (object) attrs.object = object;
      if (oldObject) attrs.oldObject = oldObject;
      return attrs;
    },
  };
}

const omitEmptyStrings = ['name', 'generateName', 'namespace', 'uid', 'resourceVersion', 'selfLink'] as const;
const omitEmptyCollections = ['labels', 'annotations', 'finalizers', 'ownerReferences', 'managedFields'] as const;

/**
 * Drops empty ObjectMeta fields, as Go's `omitempty` does when upstream serializes an object
 * (a JSON `null` decodes to a nil map or slice, so it goes too).
 */
function dropEmptyMetadata(meta: ObjectMeta): void {
  for (const f of omitEmptyStrings) if (meta[f] === '') delete meta[f];
  for (const f of omitEmptyCollections) {
    const v: unknown = meta[f];
    if (v === null || (typeof v === 'object' && Object.keys(v).length === 0)) delete meta[f];
  }
}
