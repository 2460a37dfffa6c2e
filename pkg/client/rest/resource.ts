/**
 * One resource's verbs over a RESTClient: the shape client-go's generated typed clients and its
 * dynamic ResourceInterface share. `T` is the object type: a kind from pkg/apis/*\/v1/types.ts for
 * typed access, KubeObject for the dynamic client. Nothing is generated: the path comes from the
 * group/version/resource and the namespace, the body is JSON.
 *
 *   /api/v1/namespaces/{ns}/configmaps/{name}[/{subresource}]
 *   /apis/{group}/{version}/[namespaces/{ns}/]{resource}/{name}[/{subresource}]
 */
import type { DeleteOptions, GroupVersionResource, KubeList, KubeObject, Status } from '../../apis/meta/v1/types.js';
import type { QueryValue, RESTClient } from './client.js';
import type { WatchStream } from './watch.js';

export interface ListOptions {
  labelSelector?: string;
  fieldSelector?: string;
  limit?: number;
  continue?: string;
  resourceVersion?: string;
  resourceVersionMatch?: 'Exact' | 'NotOlderThan';
  timeoutSeconds?: number;
  allowWatchBookmarks?: boolean;
  sendInitialEvents?: boolean;
  signal?: AbortSignal;
}

export interface GetOptions {
  resourceVersion?: string;
  signal?: AbortSignal;
}

export interface WriteOptions {
  /** Validate and admit, store nothing (`dryRun=All`). */
  dryRun?: boolean;
  fieldManager?: string;
  fieldValidation?: 'Ignore' | 'Warn' | 'Strict';
  signal?: AbortSignal;
}

export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

export const patchContentTypes: Record<PatchType, string> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

export interface PatchOptions extends WriteOptions {
  /** Server-side apply: take over fields other managers own. */
  force?: boolean;
  subresource?: string;
}

export interface DeleteCallOptions extends Omit<DeleteOptions, 'dryRun' | 'kind' | 'apiVersion'> {
  dryRun?: boolean;
  signal?: AbortSignal;
}

/** Where a resource lives: its group/version/resource and whether it is namespaced. */
export interface ResourceRef extends GroupVersionResource {
  /** Unset: namespaced exactly when a namespace is given. */
  namespaced?: boolean;
}

/** `/api/v1` for the core group, `/apis/{group}/{version}` otherwise. */
export function groupVersionPath(group: string, version: string): string {
  return group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
}

export function resourcePath(
  gvr: GroupVersionResource,
  namespace: string | undefined,
  name?: string,
  subresource?: string,
): string {
  let p = groupVersionPath(gvr.group, gvr.version);
  if (namespace) p += `/namespaces/${encodeURIComponent(namespace)}`;
  p += `/${gvr.resource}`;
  if (name !== undefined) {
    if (name === '') throw new Error('resource name may not be empty');
    p += `/${encodeURIComponent(name)}`;
  }
  if (subresource) p += `/${subresource}`;
  return p;
}

export class ResourceClient<T extends KubeObject = KubeObject> {
  constructor(
    readonly client: RESTClient,
    readonly ref: ResourceRef,
    readonly namespaceName?: string,
  ) {}

  /** The same resource scoped to `namespace`. */
  namespace(namespace: string): ResourceClient<T> {
    if (this.ref.namespaced === false) {
      throw new Error(`${qualified(this.ref)} is not namespaced: it cannot be scoped to namespace ${namespace}`);
    }
    return new ResourceClient<T>(this.client, this.ref, namespace);
  }

  get(name: string, opts: GetOptions = {}): Promise<T> {
    return this.client.request<T>({
      method: 'GET',
      path: this.path(name),
      query: { resourceVersion: opts.resourceVersion },
      ...this.common(opts.signal, name),
    });
  }

  async list(opts: ListOptions = {}): Promise<KubeList<T>> {
    const list = await this.client.request<KubeList<T>>({
      method: 'GET',
      path: this.path(),
      query: listQuery(opts),
      ...this.common(opts.signal),
    });
    fillItemTypeMeta(list);
    return list;
  }

  /** A watch from `opts.resourceVersion` (see RESTClient.watch). */
  watch(opts: ListOptions = {}): Promise<WatchStream<T>> {
    return this.client.watch<T>({ path: this.path(), query: listQuery(opts), ...this.common(opts.signal) });
  }

  create(obj: T, opts: WriteOptions = {}): Promise<T> {
    return this.client.request<T>({
      method: 'POST',
      path: this.path(),
      query: writeQuery(opts),
      body: obj,
      ...this.common(opts.signal, obj.metadata.name),
    });
  }

  update(obj: T, opts: WriteOptions = {}): Promise<T> {
    return this.put(obj, undefined, opts);
  }

  updateStatus(obj: T, opts: WriteOptions = {}): Promise<T> {
    return this.put(obj, 'status', opts);
  }

  /**
   * PATCH with the given patch type. `patch` is sent as JSON (a string as is): a JSON patch is an
   * array of operations, the others an object; an apply patch is the whole intended object and
   * needs `fieldManager`.
   */
  patch(name: string, type: PatchType, patch: unknown, opts: PatchOptions = {}): Promise<T> {
    if (type === 'apply' && !opts.fieldManager) {
      throw new Error('fieldManager is required for apply patch');
    }
    return this.client.request<T>({
      method: 'PATCH',
      path: this.path(name, opts.subresource),
      query: { ...writeQuery(opts), force: opts.force },
      body: patch,
      contentType: patchContentTypes[type],
      ...this.common(opts.signal, name),
    });
  }

  /** Server-side apply of `obj` (its metadata.name names the object). */
  apply(obj: T, opts: PatchOptions & { fieldManager: string }): Promise<T> {
    const name = obj.metadata.name;
    if (!name) throw new Error('apply needs metadata.name');
    return this.patch(name, 'apply', obj, opts);
  }

  /** The deleted object (or its state while finalizers run), or a Success Status. */
  delete(name: string, opts: DeleteCallOptions = {}): Promise<T | Status> {
    return this.client.request<T | Status>({
      method: 'DELETE',
      path: this.path(name),
      body: deleteBody(opts),
      ...this.common(opts.signal, name),
    });
  }

  deleteCollection(opts: DeleteCallOptions = {}, listOpts: ListOptions = {}): Promise<KubeList<T> | Status> {
    return this.client.request<KubeList<T> | Status>({
      method: 'DELETE',
      path: this.path(),
      query: listQuery(listOpts),
      body: deleteBody(opts),
      ...this.common(opts.signal ?? listOpts.signal),
    });
  }

  private put(obj: T, subresource: string | undefined, opts: WriteOptions): Promise<T> {
    const name = obj.metadata.name;
    if (!name) throw new Error('update needs metadata.name');
    return this.client.request<T>({
      method: 'PUT',
      path: this.path(name, subresource),
      query: writeQuery(opts),
      body: obj,
      ...this.common(opts.signal, name),
    });
  }

  private path(name?: string, subresource?: string): string {
    return resourcePath(this.ref, this.namespaceName, name, subresource);
  }

  private common(signal: AbortSignal | undefined, name?: string) {
    return {
      ...(signal ? { signal } : {}),
      info: { resource: qualified(this.ref), ...(name ? { name } : {}) },
    };
  }
}

function qualified(gvr: GroupVersionResource): string {
  return gvr.group ? `${gvr.resource}.${gvr.group}` : gvr.resource;
}

function listQuery(opts: ListOptions): Record<string, QueryValue> {
  return {
    labelSelector: opts.labelSelector || undefined,
    fieldSelector: opts.fieldSelector || undefined,
    limit: opts.limit,
    continue: opts.continue || undefined,
    resourceVersion: opts.resourceVersion,
    resourceVersionMatch: opts.resourceVersionMatch,
    timeoutSeconds: opts.timeoutSeconds,
    allowWatchBookmarks: opts.allowWatchBookmarks,
    sendInitialEvents: opts.sendInitialEvents,
  };
}

function writeQuery(opts: WriteOptions): Record<string, QueryValue> {
  return {
    dryRun: opts.dryRun ? 'All' : undefined,
    fieldManager: opts.fieldManager,
    fieldValidation: opts.fieldValidation,
  };
}

function deleteBody(opts: DeleteCallOptions): DeleteOptions {
  const { signal: _signal, dryRun, ...rest } = opts;
  return { kind: 'DeleteOptions', apiVersion: 'v1', ...rest, ...(dryRun ? { dryRun: ['All'] } : {}) };
}

/**
 * List items arrive without apiVersion/kind; like client-go's unstructured list decoding, they get
 * the list's (kind without `List`), so every object a caller holds says what it is.
 */
function fillItemTypeMeta(list: KubeList): void {
  const kind = list.kind?.endsWith('List') ? list.kind.slice(0, -'List'.length) : undefined;
  for (const item of list.items ?? []) {
    if (!item.apiVersion && list.apiVersion) item.apiVersion = list.apiVersion;
    if (!item.kind && kind) item.kind = kind;
  }
}
