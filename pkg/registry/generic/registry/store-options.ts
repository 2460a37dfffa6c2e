/**
 * How a resource plugs into the generic Store (the fields of upstream
 * k8s.io/apiserver/pkg/registry/generic/registry/store.go's Store that a resource sets).
 * `newRegistryStore(restOptions, options)` in ./store.ts builds the resource's Store<T> from it;
 * every resource's storage.ts is one such call, plus its subresources:
 *
 * @example
 * export function newConfigMapStorage(opts: RESTOptions): Store<ConfigMap> {
 *   return newRegistryStore(opts, {
 *     resource: { group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap' },
 *     strategy: configMapStrategy,
 *     tableConvertor: configMapTableConvertor,
 *   });
 * }
 */
import type { DeleteOptions, GroupVersionResource, KubeObject } from '../../../apis/meta/v1/types.js';
import type { RequestContext } from '../../../endpoints/request/context.js';
import type { CreateOptions, UpdateOptions } from '../../rest/rest.js';
import type { TableConvertor } from '../../rest/table.js';
import type { ResourceStrategy } from '../../rest/strategy.js';

/**
 * Called after a write succeeded (true) or failed (false), exactly once: how a beginCreate or
 * beginUpdate hook releases what it reserved (upstream rest.FinishFunc).
 */
export type FinishFunc = (success: boolean) => void | Promise<void>;

/**
 * The objects a Store serves: its group version, plural resource and kind, e.g.
 * `{ group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment' }`.
 * Error messages and admission name the group and resource (`deployments.apps "web" not found`);
 * every returned object carries the group version and kind, lists `<kind>List`.
 */
export interface ServedResource extends GroupVersionResource {
  kind: string;
}

export interface RegistryStoreOptions<T extends KubeObject> {
  resource: ServedResource;
  /**
   * Key prefix under keyRoot, default the plural resource: keys are `<keyRoot>/<prefix>/<ns>/<name>`
   * (namespaced) or `<keyRoot>/<prefix>/<name>`. Upstream overrides a few: services use
   * 'services/specs', endpoints 'services/endpoints'.
   */
  resourcePrefix?: string;
  /** Set for a subresource store (e.g. 'status'): passed to admission, and create/delete are not served through it. */
  subresource?: string;

  /** Create, update and delete policy (upstream's CreateStrategy, UpdateStrategy and DeleteStrategy, one object here). */
  strategy: ResourceStrategy<T>;
  /** Printer for `kubectl get`; default: Name + Created At. */
  tableConvertor?: TableConvertor<T>;

  /**
   * Field selector support beyond metadata.name (and metadata.namespace, for namespaced kinds),
   * which every resource has: label → the object's value for it, e.g. pods:
   * `{ 'spec.nodeName': (p) => p.spec?.nodeName ?? '', 'status.phase': (p) => p.status?.phase ?? '' }`.
   * Any other label in a selector fails with 400 BadRequest (see RESTListOptions).
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
