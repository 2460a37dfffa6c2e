/**
 * The generic Store (mirrors k8s.io/apiserver/pkg/registry/generic/registry/store.go): every
 * standard verb for one resource over the object-level Storage, with the resource's policy coming
 * from its strategies. It owns the hard parts so that strategies stay small and pure:
 *
 *  - keys `<keyRoot>/<prefix>/<namespace>/<name>` (namespaced) or `<keyRoot>/<prefix>/<name>`;
 *  - system metadata (uid, creationTimestamp), generateName with retries, namespace from the request;
 *  - validation order and 422 Invalid, optimistic concurrency (409 Conflict), create-on-update;
 *  - admission: mutating before the Store prepares an object, validating right before the write;
 *  - dryRun=All on every write: every check runs, nothing is stored, no revision is used;
 *  - finalizers and graceful deletion (./store-delete.ts), selectors, paging, watch and bookmarks;
 *  - StorageError → StatusError at one point per verb (./storage-errors.ts).
 */
import {
  isAlreadyExists,
  newAlreadyExists,
  newConflict,
  newInternalError,
  newInvalid,
  newNotFound,
  optimisticLockErrorMsg,
  StatusError,
} from '../../../api/errors/errors.js';
import type {
  GroupResource,
  GroupVersionKind,
  KubeList,
  KubeObject,
  Preconditions,
  WatchEvent,
} from '../../../apis/meta/v1/types.js';
import type { StorageWatchEvent } from '../../../storage/interfaces.js';
import { invalid } from '../../../util/validation/field/errors.js';
import { generateName } from '../../../util/naming/names.js';
import { namespaceValue, type RequestContext } from '../../../endpoints/request/context.js';
import { beforeCreate, fillObjectMetaSystemFields } from '../../rest/create.js';
import type {
  CreateOptions,
  GetOptions,
  RESTListOptions,
  StandardStorage,
  UpdateOptions,
  UpdateResult,
  RESTWatchOptions,
} from '../../rest/rest.js';
import { defaultTableConvertor } from '../../rest/table.js';
import { beforeUpdate, type UpdatedObjectInfo } from '../../rest/update.js';
import type { ResourceStrategy } from '../../rest/strategy.js';
import type { RESTOptions } from '../options.js';
import { newPredicate, type SelectionPredicate } from './predicate.js';
import { newStoreCore, type StoreCore } from './store-core.js';
import { deleteCollection, deleteObject, deleteWithoutFinalizers, shouldDeleteDuringUpdate } from './store-delete.js';
import type { FinishFunc, RegistryStoreOptions } from './store-options.js';
import {
  interpretCreateError,
  interpretGetError,
  interpretListError,
  interpretUpdateError,
  interpretWatchError,
} from './storage-errors.js';

/**
 * Eight attempts keep generateName collisions negligible: with 27^5 ≈ 14M suffixes, a prefix
 * holding a million objects still fails all eight attempts with a probability below 0.1%,
 * where a single attempt already collides 7% of the time (upstream maxNameGenerationCreateAttempts).
 */
const maxNameGenerationCreateAttempts = 8;

/** How often an idle watch that asked for bookmarks gets one (upstream's watch cache: about a minute). */
const bookmarkIntervalMs = 60_000;

/** The REST storage of one resource, serving objects of type T (`Store<Deployment>`). */
export interface Store<T extends KubeObject = KubeObject> extends StandardStorage<T> {
  readonly qualifiedResource: GroupResource;
  readonly kind: GroupVersionKind;
  readonly namespaceScoped: boolean;
  /**
   * A read-modify-write of the named object that bypasses strategy and admission (upstream's
   * `Store.Storage.GuaranteedUpdate`), for REST steps of a resource's own: marking a namespace
   * Terminating, binding a pod. `tryUpdate` gets a copy of the current object and may run again
   * after a conflict; what it throws passes through. Missing → 404 NotFound; a failed
   * precondition → 409 Conflict; a missing namespace or bad name → 400 BadRequest.
   */
  guaranteedUpdate(
    ctx: RequestContext,
    name: string,
    tryUpdate: (current: T) => T,
    preconditions?: Preconditions,
  ): Promise<T>;
  /**
   * A Store of the same objects for a subresource (`status`, `finalize`): same keys, printer,
   * selectable fields and deletion rules, with the subresource's own strategy and admission
   * subresource name (upstream copies the Store and swaps its strategy). The resource's
   * beginCreate/beginUpdate/afterDelete hooks are not carried over: they act on writes of the
   * whole object (a service's address allocation), where a subresource writes only its part.
   */
  forSubresource(subresource: string, strategy: ResourceStrategy<T>): Store<T>;
}

const finishNothing: FinishFunc = () => {};

/**
 * Builds the Store of one resource: the one way a resource's storage is made. See
 * RegistryStoreOptions for what a resource provides.
 */
export function newRegistryStore<T extends KubeObject>(
  restOptions: RESTOptions,
  options: RegistryStoreOptions<T>,
): Store<T> {
  const core = newStoreCore(restOptions, options);
  const store: Store<T> = {
    qualifiedResource: core.gr,
    kind: core.kind,
    namespaceScoped: core.namespaced,
    guaranteedUpdate: (ctx, name, tryUpdate, preconditions) =>
      guaranteedUpdate(core, ctx, name, tryUpdate, preconditions),
    forSubresource(subresource, strategy) {
      const { beginCreate: _c, beginUpdate: _u, afterDelete: _d, ...shared } = options;
      return newRegistryStore(restOptions, { ...shared, subresource, strategy });
    },
    get: (ctx, name, opts) => get(core, ctx, name, opts),
    list: (ctx, opts) => list(core, ctx, opts),
    create: (ctx, obj, opts) => create(core, ctx, obj, opts),
    update: (ctx, name, objInfo, opts) => update(core, ctx, name, objInfo, opts),
    delete: (ctx, name, opts) => deleteObject(core, ctx, name, opts),
    deleteCollection: (ctx, opts, listOpts) => deleteCollection(core, store, ctx, opts, listOpts),
    watch: (ctx, opts) => watch(core, ctx, opts),
    convertToTable: (ctx, obj, opts) =>
      (options.tableConvertor ?? defaultTableConvertor).convertToTable(ctx, obj, opts),
  };
  return store;
}

async function get<T extends KubeObject>(
  core: StoreCore<T>,
  ctx: RequestContext,
  name: string,
  opts: GetOptions = {},
): Promise<T> {
  const key = core.keyFor(ctx, name);
  try {
    const obj = await core.storage.get(key, opts.resourceVersion ? { resourceVersion: opts.resourceVersion } : {});
    // Without ignoreNotFound the storage throws KeyNotFound instead of answering undefined.
    if (obj === undefined) throw newNotFound(core.gr, name);
    return core.stamp(obj);
  } catch (err) {
    throw interpretGetError(err, core.gr, name);
  }
}

async function guaranteedUpdate<T extends KubeObject>(
  core: StoreCore<T>,
  ctx: RequestContext,
  name: string,
  tryUpdate: (current: T) => T,
  preconditions: Preconditions | undefined,
): Promise<T> {
  const key = core.keyFor(ctx, name);
  try {
    const out = await core.storage.guaranteedUpdate(
      key,
      (current) => {
        // Without ignoreNotFound the storage throws KeyNotFound instead of calling with undefined.
        if (current === undefined) throw newNotFound(core.gr, name);
        return tryUpdate(core.copy(current));
      },
      preconditions ? { preconditions } : {},
    );
    return core.stamp(out);
  } catch (err) {
    throw interpretUpdateError(interpretGetError(err, core.gr, name), core.gr, name);
  }
}

/** The request's namespace, or the one a `metadata.namespace=` field selector pins (upstream narrows the scan the same way). */
function scopedContext<T extends KubeObject>(
  core: StoreCore<T>,
  ctx: RequestContext,
  pred: SelectionPredicate,
): RequestContext {
  if (!core.namespaced || namespaceValue(ctx) !== '') return ctx;
  const ns = pred.matchesSingleNamespace();
  return ns === undefined ? ctx : { ...ctx, namespace: ns };
}

/** List items carry no apiVersion/kind on the wire, as upstream's typed lists. */
function listItem<T extends KubeObject>(core: StoreCore<T>, obj: KubeObject): T {
  const out = core.stamp(obj);
  delete out.apiVersion;
  delete out.kind;
  return out;
}

async function list<T extends KubeObject>(
  core: StoreCore<T>,
  ctx: RequestContext,
  opts: RESTListOptions = {},
): Promise<KubeList<T>> {
  const pred = newPredicate(opts.labelSelector, opts.fieldSelector, core.selection);
  const scoped = scopedContext(core, ctx, pred);
  try {
    const res = await core.storage.getList(core.keyRootFor(scoped), {
      ...(opts.resourceVersion !== undefined ? { resourceVersion: opts.resourceVersion } : {}),
      ...(opts.resourceVersionMatch ? { resourceVersionMatch: opts.resourceVersionMatch } : {}),
      ...(opts.limit ? { limit: opts.limit } : {}),
      ...(opts.continue ? { continue: opts.continue } : {}),
      ...(pred.empty ? {} : { predicate: pred.matches }),
    });
    const out: KubeList<T> = {
      apiVersion: core.apiVersion,
      kind: `${core.kind.kind}List`,
      metadata: { resourceVersion: res.resourceVersion },
      items: res.items.map((i) => listItem(core, i)),
    };
    if (res.continue) out.metadata.continue = res.continue;
    if (res.remainingItemCount !== undefined) out.metadata.remainingItemCount = res.remainingItemCount;
    return out;
  } catch (err) {
    throw interpretListError(err, core.gr, Boolean(opts.continue));
  }
}

async function create<T extends KubeObject>(
  core: StoreCore<T>,
  ctx: RequestContext,
  input: T,
  opts: CreateOptions = {},
): Promise<T> {
  const obj = core.copy(input);
  const needsName = !obj.metadata.name && Boolean(obj.metadata.generateName);
  // Mutating admission sees the object once, as sent (upstream runs it in the handler, before the Store).
  await core.admission.admit(
    core.attributes(ctx, 'CREATE', obj.metadata.name ?? '', Boolean(opts.dryRun), obj),
    ctx.signal,
  );
  if (!needsName) return createOnce(core, ctx, obj, opts);
  let last: unknown;
  for (let attempt = 0; attempt < maxNameGenerationCreateAttempts; attempt++) {
    try {
      return await createOnce(core, ctx, structuredClone(obj), opts);
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
      last = err;
    }
  }
  throw last;
}

/** Prepares a new object (system fields, name, beginCreate, strategy, validating admission); returns its finish hook. */
async function prepareCreate<T extends KubeObject>(
  core: StoreCore<T>,
  ctx: RequestContext,
  obj: T,
  opts: CreateOptions,
): Promise<FinishFunc> {
  fillObjectMetaSystemFields(obj.metadata);
  if (!obj.metadata.name && obj.metadata.generateName) obj.metadata.name = generateName(obj.metadata.generateName);
  const finish = core.options.beginCreate ? await core.options.beginCreate(ctx, obj, opts) : finishNothing;
  try {
    beforeCreate(core.options.strategy, ctx, obj, core.groupKind);
    await core.admission.validate(
      core.attributes(ctx, 'CREATE', obj.metadata.name ?? '', Boolean(opts.dryRun), structuredClone(obj)),
      ctx.signal,
    );
  } catch (err) {
    await finish(false);
    throw err;
  }
  return finish;
}

async function createOnce<T extends KubeObject>(
  core: StoreCore<T>,
  ctx: RequestContext,
  obj: T,
  opts: CreateOptions,
): Promise<T> {
  const finish = await prepareCreate(core, ctx, obj, opts);
  const name = obj.metadata.name ?? '';
  let out: KubeObject;
  try {
    const key = core.keyFor(ctx, name);
    // Upstream's storage refuses this with a plain error, which reaches the client as a 500.
    const rv = obj.metadata.resourceVersion;
    if (rv !== undefined && rv !== '' && rv !== '0')
      throw newInternalError(new Error('resourceVersion should not be set on objects to be created'));
    try {
      if (opts.dryRun) {
        if (await core.storage.get(key, { ignoreNotFound: true })) throw newAlreadyExists(core.gr, name);
        out = obj;
      } else {
        out = await core.storage.create(key, obj);
      }
    } catch (err) {
      throw await explainCreateConflict(core, key, obj, interpretCreateError(err, core.gr, name));
    }
  } catch (err) {
    await finish(false);
    throw err;
  }
  await finish(true);
  return core.stamp(out);
}

/**
 * Refines an AlreadyExists (upstream CheckGeneratedNameError and the deletion check in create):
 * a generated name that collided says so (and the caller retries with another), and a name held
 * by an object that is being deleted says that.
 */
async function explainCreateConflict<T extends KubeObject>(
  core: StoreCore<T>,
  key: string,
  obj: KubeObject,
  err: unknown,
): Promise<unknown> {
  if (!(err instanceof StatusError) || err.reason !== 'AlreadyExists') return err;
  const name = obj.metadata.name ?? '';
  let result = err;
  if (obj.metadata.generateName) result = newGenerateNameConflict(core.gr, name);
  const existing = await core.storage.get(key, { ignoreNotFound: true }).catch(() => undefined);
  if (existing?.metadata.deletionTimestamp) {
    result = new StatusError({ ...result.status, message: `object is being deleted: ${result.status.message ?? ''}` });
  }
  return result;
}

/** 409 AlreadyExists for a generated name that is taken (upstream NewGenerateNameConflict). */
function newGenerateNameConflict(gr: GroupResource, name: string): StatusError {
  const { status } = newAlreadyExists(gr, name);
  return new StatusError({
    ...status,
    message: `${status.message ?? ''}, the server was not able to generate a unique name for the object`,
    details: { ...status.details, retryAfterSeconds: 1 },
  });
}

/**
 * Thrown out of an update's read-modify-write when the update leaves an object that is marked for
 * deletion without finalizers: the Store then deletes it instead of writing it.
 */
class EmptiedFinalizers extends Error {
  constructor(
    readonly obj: KubeObject,
    readonly seenResourceVersion: string,
  ) {
    super('emptied finalizers');
  }
}

async function update<T extends KubeObject>(
  core: StoreCore<T>,
  ctx: RequestContext,
  name: string,
  objInfo: UpdatedObjectInfo<T>,
  opts: UpdateOptions = {},
): Promise<UpdateResult<T>> {
  const key = core.keyFor(ctx, name);
  const strategy = core.options.strategy;
  const allowCreate = strategy.allowCreateOnUpdate || Boolean(opts.forceAllowCreate);
  const dryRun = Boolean(opts.dryRun);
  let creating = false;
  let finish: FinishFunc = finishNothing;

  // Computes the object to store from the current one. Storage re-runs it after a conflict, so
  // everything it decides (creating, finish) is reset on each run.
  const tryUpdate = async (current: KubeObject | undefined): Promise<T> => {
    await finish(false);
    finish = finishNothing;
    creating = false;
    if (current === undefined) {
      if (!allowCreate) throw newNotFound(core.gr, name);
      const obj = core.copy(await objInfo(undefined));
      creating = true;
      delete obj.metadata.resourceVersion;
      await core.admission.admit(core.attributes(ctx, 'CREATE', name, dryRun, obj), ctx.signal);
      finish = await prepareCreate(core, ctx, obj, {
        dryRun,
        ...(opts.fieldManager ? { fieldManager: opts.fieldManager } : {}),
      });
      return obj;
    }
    const old = core.copy(current);
    const obj = core.copy(await objInfo(structuredClone(old)));
    const uid = obj.metadata.uid;
    if (uid && uid !== old.metadata.uid) {
      // Upstream turns a body uid into a storage precondition; a mismatch reads like this.
      throw newConflict(
        core.gr,
        name,
        `StorageError: invalid object, Code: 4, Key: ${key}, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: ${uid}, UID in object meta: ${old.metadata.uid ?? ''}`,
      );
    }
    await core.admission.admit(core.attributes(ctx, 'UPDATE', name, dryRun, obj, structuredClone(old)), ctx.signal);
    const requested = obj.metadata.resourceVersion;
    if (!requested) {
      if (!strategy.allowUnconditionalUpdate) {
        throw newInvalid({ group: core.gr.group, kind: core.gr.resource }, name, [
          invalid('metadata.resourceVersion', 0, 'must be specified for an update'),
        ]);
      }
      obj.metadata.resourceVersion = old.metadata.resourceVersion ?? '';
    } else if (requested !== old.metadata.resourceVersion) {
      throw newConflict(core.gr, name, optimisticLockErrorMsg);
    }
    if (core.options.beginUpdate) finish = await core.options.beginUpdate(ctx, obj, old, opts);
    beforeUpdate(strategy, ctx, obj, old, core.groupKind);
    await core.admission.validate(
      core.attributes(ctx, 'UPDATE', name, dryRun, structuredClone(obj), structuredClone(old)),
      ctx.signal,
    );
    const extra = core.options.shouldDeleteDuringUpdate;
    if (shouldDeleteDuringUpdate(obj, old) && (!extra || extra(obj, old)))
      throw new EmptiedFinalizers(obj, old.metadata.resourceVersion ?? '');
    return obj;
  };

  let out: T;
  try {
    if (dryRun) out = await tryUpdate(await core.storage.get(key, { ignoreNotFound: true }));
    else out = core.stamp(await core.storage.guaranteedUpdate(key, tryUpdate, { ignoreNotFound: allowCreate }));
  } catch (err) {
    await finish(false);
    if (err instanceof EmptiedFinalizers) {
      return {
        object: await deleteWithoutFinalizers(core, key, name, core.stamp(err.obj), err.seenResourceVersion, dryRun),
        created: false,
      };
    }
    if (creating)
      throw await explainCreateConflict(core, key, { metadata: { name } }, interpretCreateError(err, core.gr, name));
    throw interpretUpdateError(err, core.gr, name);
  }
  await finish(true);
  return { object: core.stamp(out), created: creating };
}

async function watch<T extends KubeObject>(
  core: StoreCore<T>,
  ctx: RequestContext,
  opts: RESTWatchOptions,
): Promise<AsyncIterable<WatchEvent<T>>> {
  const pred = newPredicate(opts.labelSelector, opts.fieldSelector, core.selection);
  const scoped = scopedContext(core, ctx, pred);
  let key = core.keyRootFor(scoped);
  const single = pred.matchesSingleName();
  if (single !== undefined) {
    try {
      key = core.keyFor(scoped, single);
    } catch {
      // No key for this name in this scope (e.g. all namespaces): watch the collection instead.
    }
  }
  const events = core.storage.watch(key, {
    signal: opts.signal,
    ...(opts.resourceVersion !== undefined ? { resourceVersion: opts.resourceVersion } : {}),
    ...(opts.sendInitialEvents !== undefined ? { sendInitialEvents: opts.sendInitialEvents } : {}),
    ...(pred.empty ? {} : { predicate: pred.matches }),
    ...(opts.allowWatchBookmarks ? { bookmarkIntervalMs: bookmarkInterval(opts.deadline) } : {}),
  });
  return translateWatch(core, events, Boolean(opts.allowWatchBookmarks));
}

/**
 * Bookmarks come every minute, or sooner when the watch ends sooner: upstream's cacher sends one
 * about two seconds before the deadline, so the client's next watch starts from a fresh revision.
 */
function bookmarkInterval(deadline: number | undefined): number {
  if (deadline === undefined) return bookmarkIntervalMs;
  return Math.min(bookmarkIntervalMs, Math.max(100, deadline - Date.now() - 2000));
}

async function* translateWatch<T extends KubeObject>(
  core: StoreCore<T>,
  events: AsyncIterable<StorageWatchEvent>,
  bookmarks: boolean,
): AsyncIterable<WatchEvent<T>> {
  try {
    for await (const ev of events) {
      if (ev.type !== 'BOOKMARK') {
        // The storage shares one decoded object among all watchers of an event: stamp a copy.
        yield { type: ev.type, object: core.stamp({ ...ev.object }) };
      } else if (bookmarks) {
        // A bookmark is an empty object of the resource's kind that carries only the revision.
        const object = core.stamp({ metadata: { resourceVersion: String(ev.resourceVersion) } });
        if (ev.initialEventsEnd) object.metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
        yield { type: 'BOOKMARK', object };
      }
    }
  } catch (err) {
    throw interpretWatchError(err, core.gr);
  }
}
