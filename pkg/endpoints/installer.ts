/**
 * The API handler of one server of the chain (mirrors apiserver's endpoints/installer.go and the
 * apiextensions crdHandler): every request under /api/ and /apis/ is looked up in the catalog;
 * the group versions this server owns are served here — their discovery documents and the verb
 * handlers — and everything else goes to the delegate. Routes and discovery both derive from the
 * catalog, so they cannot disagree, and a group version added or removed while serving is served
 * or gone with the next request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { newMethodNotAllowed, newPathNotFound } from '../api/errors/errors.js';
import type { HandlerFunc } from '../server/mux/mux.js';
import type { APICatalog, ServedGroupVersion } from './catalog/catalog.js';
import { apiGroup, apiResourceList } from './discovery/documents.js';
import { type PreparedDocument, prepareDocument, sendDocument } from './discovery/handler.js';
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

/** Serves the group versions `owner` registered in `catalog`; anything else goes to `delegate`. */
export function newAPIHandler(catalog: APICatalog, owner: string, delegate: HandlerFunc): HandlerFunc {
  // Built on first request, forgotten whenever the catalog changes (groups come and go).
  const groupDocuments = new Map<string, PreparedDocument>();
  catalog.onChange(() => groupDocuments.clear());
  const groupDocument = (group: string): PreparedDocument => {
    let doc = groupDocuments.get(group);
    if (!doc) {
      doc = prepareDocument(apiGroup({ group, versions: catalog.versionsOf(group).map((v) => v.version) }));
      groupDocuments.set(group, doc);
    }
    return doc;
  };
  const resourceLists = new WeakMap<ServedGroupVersion, PreparedDocument>();
  const resourceList = (entry: ServedGroupVersion): PreparedDocument => {
    let doc = resourceLists.get(entry);
    if (!doc) {
      doc = prepareDocument(apiResourceList(entry.group, entry.version.version, entry.version.resources));
      resourceLists.set(entry, doc);
    }
    return doc;
  };

  return (req, res) => {
    const info = requestContextFrom(req).requestInfo;
    if (!info.isResourceRequest) {
      // /apis/<group>: the group's versions, served by the server owning its preferred version.
      const group = groupPath(info.path);
      if (group !== undefined) {
        const versions = catalog.versionsOf(group);
        if (versions[0]?.owner !== owner) return delegate(req, res);
        return sendDocument(req, res, groupDocument(group));
      }
    }
    const entry = catalog.lookup(info.apiGroup, info.apiVersion);
    if (entry?.owner !== owner) return delegate(req, res);
    // /api/<version>, /apis/<group>/<version>: the resource list.
    if (!info.isResourceRequest) return sendDocument(req, res, resourceList(entry));
    return dispatch(entry.scopes, req, res);
  };
}

/** The group of a `/apis/<group>` path (trailing slashes allowed), else undefined. */
function groupPath(path: string): string | undefined {
  const m = /^\/apis\/([^/]+)\/*$/.exec(path);
  return m?.[1];
}

function dispatch(scopes: ReadonlyMap<string, RequestScope>, req: IncomingMessage, res: ServerResponse) {
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
  // The registry's namespace: the URL's for namespaced resources, none for cluster-scoped ones.
  ctx.namespace = scope.namespaced ? info.namespace : '';
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
