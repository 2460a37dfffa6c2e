/**
 * How a resource plugs into the generic Store (the fields of upstream
 * k8s.io/apiserver/pkg/registry/generic/registry/store.go's Store that a resource sets).
 * `newStore(options)` in ./store.ts builds the StandardStorage from it. A resource's storage.ts:
 *
 * @example
 * export function newConfigMapStorage(opts: RESTOptions): StandardStorage {
 *   return newStore({
 *     restOptions: opts,
 *     qualifiedResource: { group: '', resource: 'configmaps' },
 *     kind: { group: '', version: 'v1', kind: 'ConfigMap' },
 *     createStrategy: configMapStrategy, updateStrategy: configMapStrategy, deleteStrategy: configMapStrategy,
 *     tableConvertor: configMapPrinter,
 *   });
 * }
 */
import type { DeleteOptions, GroupResource, GroupVersionKind, KubeObject } from '../../../apis/meta/v1/types.js';
import type { RequestContext } from '../../rest/context.js';
import type { RESTCreateStrategy } from '../../rest/create.js';
import type { RESTDeleteStrategy, RESTGracefulDeleteStrategy } from '../../rest/delete.js';
import type { CreateOptions, UpdateOptions } from '../../rest/rest.js';
import type { TableConvertor } from '../../rest/table.js';
import type { RESTUpdateStrategy } from '../../rest/update.js';
import type { RESTOptions } from '../options.js';

/**
 * Called after a write succeeded (true) or failed (false), exactly once: how a beginCreate or
 * beginUpdate hook releases what it reserved (upstream rest.FinishFunc).
 */
export type FinishFunc = (success: boolean) => void | Promise<void>;

export interface StoreOptions<T extends KubeObject = KubeObject> {
  restOptions: RESTOptions;
  /** Plural resource and group: error messages (`configmaps "x" not found`), admission, keys. */
  qualifiedResource: GroupResource;
  /** Stamped on every returned object; `<kind>List` for lists; group/kind in 422 Invalid messages. */
  kind: GroupVersionKind;
  /**
   * Key prefix under keyRoot, default the plural resource: keys are `<keyRoot>/<prefix>/<ns>/<name>`
   * (namespaced) or `<keyRoot>/<prefix>/<name>`. Upstream overrides a few: services use
   * 'services/specs', endpoints 'services/endpoints'.
   */
  resourcePrefix?: string;
  /** Set for a subresource store (e.g. 'status'): passed to admission, and create/delete are not served through it. */
  subresource?: string;

  createStrategy: RESTCreateStrategy<T>;
  updateStrategy: RESTUpdateStrategy<T>;
  deleteStrategy: RESTDeleteStrategy & Partial<RESTGracefulDeleteStrategy>;
  /** Printer for `kubectl get`; default: Name + Created At. */
  tableConvertor?: TableConvertor;

  /**
   * Field selector support beyond metadata.name (and metadata.namespace, for namespaced kinds),
   * which every resource has: label → the object's value for it, e.g. pods:
   * `{ 'spec.nodeName': (p) => p.spec?.nodeName ?? '', 'status.phase': (p) => p.status?.phase ?? '' }`.
   * Any other label in a selector fails with 400 `field label not supported: <label>`.
   */
  selectableFields?: Record<string, (obj: T) => string>;

  /**
   * An extra condition for "this update deletes the object" (upstream ShouldDeleteDuringUpdate),
   * checked on top of the default (no finalizers left on an object marked for deletion with no
   * grace). Namespaces add `spec.finalizers` being empty.
   */
  shouldDeleteDuringUpdate?: (obj: T, existing: T) => boolean;

  /** DELETE answers with the deleted object (pods) instead of a Success Status (configmaps). */
  returnDeletedObject?: boolean;

  /**
   * Runs on create after metadata defaults and name generation, before strategy validation; may
   * modify the object (e.g. allocate a service clusterIP). Throw a StatusError to fail the create.
   */
  beginCreate?: (ctx: RequestContext, obj: T, opts: CreateOptions) => Promise<FinishFunc>;
  /** Like beginCreate, for updates, with the stored object. */
  beginUpdate?: (ctx: RequestContext, obj: T, old: T, opts: UpdateOptions) => Promise<FinishFunc>;
  /** After the object is really gone from storage (not when only marked for deletion), e.g. release its clusterIP. */
  afterDelete?: (obj: T, opts: DeleteOptions) => void | Promise<void>;
}
