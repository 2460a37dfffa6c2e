/**
 * Mounts the OpenAPI v3 service (pkg/openapi/v3) on a server's mux (mirrors apiserver's
 * server/routes/openapi.go), describing what the catalog serves. Documents are built on first use
 * — and warmed up a moment after start — so they never delay the server becoming ready; when the
 * catalog changes, the next request rebuilds what changed (new ETags and index hashes) and every
 * answer after that is a lookup.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APICatalog, ServedGroupVersion } from '../../endpoints/catalog/catalog.js';
import { perRevision } from '../../endpoints/discovery/handler.js';
import type { Definitions } from '../../openapi/definitions.js';
import type { OpenAPIGroupVersion } from '../../openapi/resources.js';
import { OpenAPIV3Builder, type OpenAPIV3Service, openAPIV3Root } from '../../openapi/v3/service.js';
import { verbsOf } from '../../registry/rest/rest.js';
import { type PathRecorderMux, pathOf } from '../handler.js';

export function installOpenAPIV3(mux: PathRecorderMux, catalog: APICatalog, definitions: Definitions): void {
  const builder = new OpenAPIV3Builder({ definitions });
  const described = new WeakMap<ServedGroupVersion, OpenAPIGroupVersion>();
  const describe = (entry: ServedGroupVersion): OpenAPIGroupVersion => {
    let gv = described.get(entry);
    if (!gv) {
      gv = openAPIGroupVersion(entry);
      described.set(entry, gv);
    }
    return gv;
  };
  const service = perRevision(
    () => catalog.revision,
    (): OpenAPIV3Service =>
      builder.build(
        catalog
          .groups()
          .flatMap((g) => g.versions.map((v) => catalog.lookup(g.group, v.version)))
          .flatMap((entry) => (entry ? [describe(entry)] : [])),
      ),
  );
  // Warm up once start-up is over, so building (tens of ms) neither delays readiness nor the first client.
  setTimeout(() => void service(), 1000).unref();
  const handler = (req: IncomingMessage, res: ServerResponse): void => {
    const answer = service().serve({
      method: req.method ?? 'GET',
      path: pathOf(req),
      query: new URL(req.url ?? '/', 'http://x').searchParams,
      headers: {
        accept: req.headers.accept,
        'if-none-match': req.headers['if-none-match'],
        'if-modified-since': req.headers['if-modified-since'],
      },
    });
    res.writeHead(answer.status, answer.headers);
    res.end(answer.body);
  };
  mux.handle(openAPIV3Root, handler);
  mux.handlePrefix(`${openAPIV3Root}/`, handler);
}

/** A served group version as OpenAPI input: verbs come from each storage's methods. */
function openAPIGroupVersion(entry: ServedGroupVersion): OpenAPIGroupVersion {
  return {
    group: entry.group,
    version: entry.version.version,
    resources: entry.version.resources.map((r) => ({
      resource: r.resource,
      kind: r.kind,
      namespaced: r.namespaced,
      verbs: verbsOf(r.storage),
      subresources: (r.subresources ?? []).map((s) => ({ name: s.name, kind: s.kind, verbs: verbsOf(s.storage) })),
    })),
  };
}
