/**
 * What every verb of the generic Store shares: resolved options, keys, admission attributes and
 * the shaping of objects handed back to clients. Built once per resource by newStore.
 */
import { noAdmission } from '../../../admission/chain.js';
import type { AdmissionHandler, Attributes, Operation } from '../../../admission/interfaces.js';
import type { GroupResource, GroupVersionKind, KubeObject, ObjectMeta } from '../../../apis/meta/v1/types.js';
import type { Storage } from '../../../storage/interfaces.js';
import { defaultKeyRoot } from '../options.js';
import { namespaceValue, type RequestContext } from '../../rest/context.js';
import type { GroupKind } from '../../rest/create.js';
import { keyFor, keyRootFor } from './keys.js';
import type { SelectableFieldsSpec } from './predicate.js';
import type { StoreOptions } from './store-options.js';

export interface StoreCore<T extends KubeObject = KubeObject> {
  readonly options: StoreOptions<T>;
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
  attributes(
    ctx: RequestContext,
    operation: Operation,
    name: string,
    dryRun: boolean,
    object?: KubeObject,
    oldObject?: KubeObject,
  ): Attributes;
}

export function newStoreCore<T extends KubeObject>(options: StoreOptions<T>): StoreCore<T> {
  const { restOptions, qualifiedResource: gr, kind } = options;
  const namespaced = options.createStrategy.namespaceScoped;
  const root = `${restOptions.keyRoot ?? defaultKeyRoot}/${options.resourcePrefix ?? gr.resource}`;
  const apiVersion = kind.group === '' ? kind.version : `${kind.group}/${kind.version}`;
  const stamp = (obj: KubeObject): T => {
    if (typeof obj.metadata !== 'object' || obj.metadata === null || Array.isArray(obj.metadata)) obj.metadata = {};
    dropEmptyMetadata(obj.metadata);
    obj.apiVersion = apiVersion;
    obj.kind = kind.kind;
    return obj as T;
  };
  return {
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
    attributes(ctx, operation, name, dryRun, object, oldObject) {
      const attrs: Attributes = {
        name,
        namespace: namespaced ? namespaceValue(ctx) : '',
        resource: { group: gr.group, version: kind.version, resource: gr.resource },
        subresource: options.subresource ?? '',
        kind,
        operation,
        dryRun,
        userInfo: ctx.user,
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
