/**
 * Installs API groups on a server's mux (mirrors apiserver's endpoints/installer.go and
 * genericapiserver.InstallAPIGroup): the per-group-version discovery document and one prefix
 * route per group version that dispatches on the parsed RequestInfo to the verb handlers.
 * Routes and discovery both derive from the catalog, so they cannot disagree.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { newMethodNotAllowed, newPathNotFound } from '../api/errors/errors.js';
import type { APIGroupInfo, APIGroupVersionInfo } from '../registry/rest/catalog.js';
import type { StructuralLookup } from '../runtime/structural/structural.js';
import type { PathRecorderMux } from '../server/handler.js';
import { apiGroup, apiResourceList } from './discovery/documents.js';
import { staticDocument } from './discovery/handler.js';
import { createResource } from './handlers/create.js';
import { deleteCollection, deleteResource } from './handlers/delete.js';
import { getResource, listResource } from './handlers/get.js';
import { patchResource } from './handlers/patch.js';
import type { RequestScope } from './handlers/rest.js';
import { updateResource } from './handlers/update.js';
import { requestContextFrom } from './request/context.js';

type VerbHandler = (scope: RequestScope, req: IncomingMessage, res: ServerResponse) => Promise<void>;

const verbHandlers: Record<string, VerbHandler> = {
  get: getResource,
  list: listResource,
  watch: listResource,
  create: createResource,
  update: updateResource,
  patch: patchResource,
  delete: deleteResource,
  deletecollection: deleteCollection,
};

export interface InstallOptions {
  /** Schemas of the kinds served, for pruning unknown fields and server-side field validation. */
  schemas?: StructuralLookup;
}

/** Installs every version of `group` on `mux`. */
export function installAPIGroup(mux: PathRecorderMux, group: APIGroupInfo, opts: InstallOptions = {}): void {
  if (group.group !== '') mux.handle(`/apis/${group.group}`, staticDocument(apiGroup(group)));
  for (const version of group.versions) installGroupVersion(mux, group.group, version, opts);
}

function installGroupVersion(
  mux: PathRecorderMux,
  group: string,
  version: APIGroupVersionInfo,
  opts: InstallOptions,
): void {
  const root = group === '' ? `/api/${version.version}` : `/apis/${group}/${version.version}`;
  mux.handle(root, staticDocument(apiResourceList(group, version.version, version.resources)));
  const scopes = buildScopes(group, version, opts);
  mux.handlePrefix(`${root}/`, (req, res) => dispatch(scopes, req, res));
}

/** One scope per `resource` and `resource/subresource`. */
function buildScopes(group: string, version: APIGroupVersionInfo, opts: InstallOptions): Map<string, RequestScope> {
  const scopes = new Map<string, RequestScope>();
  for (const r of version.resources) {
    const resourceKind = { group, version: version.version, kind: r.kind };
    const base = {
      resourceKind,
      resource: { group, resource: r.resource },
      namespaced: r.namespaced,
      ...(opts.schemas ? { schemas: opts.schemas } : {}),
    };
    scopes.set(r.resource, { ...base, kind: resourceKind, subresource: '', storage: r.storage });
    for (const sub of r.subresources ?? []) {
      scopes.set(`${r.resource}/${sub.name}`, { ...base, kind: sub.kind, subresource: sub.name, storage: sub.storage });
    }
  }
  return scopes;
}

function dispatch(scopes: Map<string, RequestScope>, req: IncomingMessage, res: ServerResponse): Promise<void> | void {
  const ctx = requestContextFrom(req);
  const info = ctx.requestInfo;
  const key = info.subresource === '' ? info.resource : `${info.resource}/${info.subresource}`;
  const scope = scopes.get(key);
  // A namespace segment only fits namespaced resources. A namespace's own URL (/namespaces/x)
  // also sets RequestInfo.namespace, to the object's name; that is not "under" a namespace.
  const underNamespace = info.namespace !== '' && !(info.resource === 'namespaces' && info.name === info.namespace);
  if (!scope) throw newPathNotFound();
  if (!scope.namespaced && underNamespace) throw newPathNotFound();
  // Namespaced resources are listed and watched across namespaces at /<resource>: other methods on
  // that path are 405, and /<resource>/<name> does not exist at all.
  if (scope.namespaced && !underNamespace && !isCollectionVerb(info.verb))
    throw info.name === '' ? newMethodNotAllowed() : newPathNotFound();
  if (info.verb === 'watch' && info.name !== '') {
    // A watch on one object (the legacy /watch/…/name path) is a watch filtered to that name.
    ctx.query.set(
      'fieldSelector',
      [ctx.query.get('fieldSelector'), `metadata.name=${info.name}`].filter(Boolean).join(','),
    );
  }
  const handler = verbHandlers[info.verb];
  if (!handler) throw newMethodNotAllowed();
  return handler(scope, req, res);
}

/** Verbs a namespaced resource also serves across all namespaces. */
function isCollectionVerb(verb: string): boolean {
  return verb === 'list' || verb === 'watch';
}
