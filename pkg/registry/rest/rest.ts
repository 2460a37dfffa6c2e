/**
 * The REST storage surface the HTTP layer calls (mirrors k8s.io/apiserver/pkg/registry/rest/rest.go:
 * Getter, Lister, Creater, NamedCreater, Updater, GracefulDeleter, CollectionDeleter, Watcher,
 * TableConvertor). A resource (or subresource) storage implements the verbs it serves; the
 * installer derives routes and discovery verbs from which methods exist (see `verbsOf`).
 *
 * Every method throws only StatusErrors (pkg/api/errors) for failures a client can cause:
 * storage errors are already translated, with upstream's reasons and wording.
 *
 * Objects going in are not retained: the storage copies what it keeps. Objects coming out carry
 * apiVersion, kind and metadata.resourceVersion and are the caller's to modify.
 *
 * Each interface is generic over the object type T a storage serves (`Getter<Pod>`); the default,
 * KubeObject, is what the HTTP layer sees: it hands over decoded bodies of any kind. A typed storage
 * is assignable to the untyped interfaces because methods are compared bivariantly in TypeScript,
 * so `RESTStorage` stays the one seam the HTTP layer calls.
 */
import type { DeleteOptions, KubeList, KubeObject, Status, WatchEvent } from '../../apis/meta/v1/types.js';
import type { Selector as FieldSelector } from '../../fields/selector.js';
import type { Selector as LabelSelector } from '../../labels/selector.js';
import type { ResourceVersionMatch } from '../../storage/interfaces.js';
import type { RequestContext } from '../../endpoints/request/context.js';
import type { TableConvertor } from './table.js';
import type { UpdatedObjectInfo } from './update.js';

export interface GetOptions {
  /** '' (absent): the latest; '0': whatever state is at hand (served as latest); N: not older than N. */
  resourceVersion?: string;
}

/**
 * List options after the HTTP layer parsed the query (labels.parse / fields.parseSelector): what
 * upstream's REST storage gets as metainternalversion.ListOptions. The storage layer's own
 * ListOptions (pkg/storage) is another thing: a page of keys and a predicate. Field selectors
 * are checked against the resource's field labels by the Store: an unsupported one fails with
 * 400 BadRequest (`field label not supported: <label>`, or upstream's `"<label>" is not a known
 * field selector: …` for kinds that have only the metadata ones).
 */
export interface RESTListOptions {
  labelSelector?: LabelSelector;
  fieldSelector?: FieldSelector;
  /** Page size; 0/absent: everything. */
  limit?: number;
  /** The `metadata.continue` of the previous page. Too old → 410 Expired. */
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: ResourceVersionMatch;
}

/** Watch options after the HTTP layer parsed the query (the storage layer's WatchOptions are another thing). */
export interface RESTWatchOptions {
  labelSelector?: LabelSelector;
  fieldSelector?: FieldSelector;
  /**
   * ''/absent or '0' (without sendInitialEvents): ADDED for every current object, then changes.
   * N: changes after N; N older than the kept history → the stream fails with 410 Expired.
   */
  resourceVersion?: string;
  resourceVersionMatch?: ResourceVersionMatch;
  /** Send BOOKMARK events (periodic progress, and the end-of-initial-events marker). */
  allowWatchBookmarks?: boolean;
  /**
   * Streaming lists (KEP-3157): ADDED for the state at resourceVersion first, then a BOOKMARK
   * annotated `k8s.io/initial-events-end: "true"`, then changes. The HTTP layer validates the
   * combination (requires allowWatchBookmarks and resourceVersionMatch=NotOlderThan) beforehand.
   */
  sendInitialEvents?: boolean;
  /**
   * When the watch will be ended (epoch ms, from timeoutSeconds). With bookmarks allowed, one is
   * sent shortly before it, as upstream's cacher does, so the client resumes from a fresh revision.
   */
  deadline?: number;
  /** Ends the watch (client gone, timeoutSeconds elapsed, server stopping). Required. */
  signal: AbortSignal;
}

export interface CreateOptions {
  /** dryRun=All: run every check and admission, return what would be stored, store nothing. */
  dryRun?: boolean;
  fieldManager?: string;
}

export interface UpdateOptions {
  dryRun?: boolean;
  fieldManager?: string;
  /** Create when missing even if the strategy does not allow create-on-update (server-side apply). */
  forceAllowCreate?: boolean;
}

export interface UpdateResult<T extends KubeObject = KubeObject> {
  object: T;
  /** True when the update created the object (the HTTP layer answers 201 instead of 200). */
  created: boolean;
}

export interface DeleteResult<T extends KubeObject = KubeObject> {
  /**
   * The deleted (or deletion-marked) object, or a Success Status naming it when the resource does
   * not return deleted objects (upstream ReturnDeletedObject=false, e.g. configmaps).
   */
  object: T | Status;
  /** False when the object is only marked (finalizers pending, graceful deletion): HTTP 202 if orphanDependents=false. */
  deleted: boolean;
}

/** True for the Success Status a delete answers with when the resource does not return deleted objects. */
export function isStatus<T extends KubeObject>(object: T | Status): object is Status {
  return object.kind === 'Status';
}

export interface Getter<T extends KubeObject = KubeObject> {
  /** The named object in ctx.namespace. Missing → 404 NotFound `<resource> "<name>" not found`. */
  get(ctx: RequestContext, name: string, opts?: GetOptions): Promise<T>;
}

export interface Lister<T extends KubeObject = KubeObject> {
  /** Matching objects in ctx.namespace (all namespaces when it is empty), in key order. Always returns `<Kind>List`. */
  list(ctx: RequestContext, opts?: RESTListOptions): Promise<KubeList<T>>;
}

/**
 * `Result` is what the create answers with: the stored object for a resource, a Status for
 * action-like creates that store nothing of their own (bindings, evictions).
 */
export interface Creater<T extends KubeObject = KubeObject, Result extends KubeObject | Status = T> {
  /** Stores a new object. Exists → 409 AlreadyExists; invalid → 422 Invalid. Returns what was stored. */
  create(ctx: RequestContext, obj: T, opts?: CreateOptions): Promise<Result>;
}

/** A create addressed to a named parent (pods/binding, pods/eviction): `name` is the URL's object name. */
export interface NamedCreater<T extends KubeObject = KubeObject, Result extends KubeObject | Status = T> {
  createNamed(ctx: RequestContext, name: string, obj: T, opts?: CreateOptions): Promise<Result>;
}

export interface Updater<T extends KubeObject = KubeObject> {
  /**
   * Replaces the named object with `objInfo(current)`. Missing and no create-on-update → 404;
   * stale resourceVersion → 409 Conflict; invalid → 422. Nothing changed → nothing written, the
   * current object is returned (with its unchanged resourceVersion).
   */
  update(
    ctx: RequestContext,
    name: string,
    objInfo: UpdatedObjectInfo<T>,
    opts?: UpdateOptions,
  ): Promise<UpdateResult<T>>;
}

export interface GracefulDeleter<T extends KubeObject = KubeObject> {
  /**
   * Deletes the named object, honouring options: preconditions (mismatch → 409 Conflict),
   * gracePeriodSeconds, propagationPolicy, dryRun. With finalizers the object is only marked
   * (deletionTimestamp) and `deleted` is false. Missing → 404 NotFound.
   */
  delete(ctx: RequestContext, name: string, options?: DeleteOptions): Promise<DeleteResult<T>>;
}

export interface CollectionDeleter<T extends KubeObject = KubeObject> {
  /** Deletes every object `listOptions` selects (each as `delete` would); returns them as a `<Kind>List`. */
  deleteCollection(
    ctx: RequestContext,
    options: DeleteOptions | undefined,
    listOptions: RESTListOptions,
  ): Promise<KubeList<T>>;
}

export interface Watcher<T extends KubeObject = KubeObject> {
  /**
   * Resolves once the watch is established (errors before that, e.g. a bad field selector, reject
   * the promise: answer with a Status). Iteration yields ADDED/MODIFIED/DELETED/BOOKMARK events;
   * a BOOKMARK's object is `{apiVersion, kind, metadata: {resourceVersion}}` of the resource's kind
   * (plus annotation `k8s.io/initial-events-end: "true"` at the end of initial events). A failure
   * during iteration (410 Expired for a compacted resourceVersion) is thrown as a StatusError from
   * the iterator: the HTTP layer sends it as one ERROR event and ends the stream. The iterator
   * returns when opts.signal aborts; breaking out of the loop releases everything too.
   */
  watch(ctx: RequestContext, opts: RESTWatchOptions): Promise<AsyncIterable<WatchEvent<T>>>;
}

/** What the generic Store implements: every standard verb plus table conversion. */
export type StandardStorage<T extends KubeObject = KubeObject> = Getter<T> &
  Lister<T> &
  Creater<T> &
  Updater<T> &
  GracefulDeleter<T> &
  CollectionDeleter<T> &
  Watcher<T> &
  TableConvertor<T>;

/** Any resource or subresource storage: the verbs it serves are the methods it has. */
export type RESTStorage = Partial<
  Getter &
    Lister &
    Creater<KubeObject, KubeObject | Status> &
    NamedCreater<KubeObject, KubeObject | Status> &
    Updater &
    GracefulDeleter &
    CollectionDeleter &
    Watcher &
    TableConvertor
>;

export type Verb = 'create' | 'delete' | 'deletecollection' | 'get' | 'list' | 'patch' | 'update' | 'watch';

/** The discovery verbs of a storage, in upstream's (alphabetical) order: updaters also serve patch. */
export function verbsOf(storage: RESTStorage): Verb[] {
  const verbs: Verb[] = [];
  if (storage.create || storage.createNamed) verbs.push('create');
  if (storage.delete) verbs.push('delete');
  if (storage.deleteCollection) verbs.push('deletecollection');
  if (storage.get) verbs.push('get');
  if (storage.list) verbs.push('list');
  if (storage.update) verbs.push('patch');
  if (storage.update) verbs.push('update');
  if (storage.watch) verbs.push('watch');
  return verbs;
}
