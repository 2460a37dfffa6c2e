/**
 * Mounts the OpenAPI services (pkg/openapi/v2 and v3) on a server's mux (mirrors apiserver's
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
import { buildOpenAPIV2Document } from '../../openapi/v2/document.js';
import { newOpenAPIV2Service, type OpenAPIV2Service, openAPIV2Path } from '../../openapi/v2/service.js';
import {
  OpenAPIV3Builder,
  type OpenAPIRequest,
  type OpenAPIResponse,
  type OpenAPIV3Service,
  openAPIV3Root,
} from '../../openapi/v3/service.js';
import { kubernetesGitVersion } from '../../version/version.js';
import { verbsOf } from '../../registry/rest/rest.js';
import { type PathRecorderMux, pathOf } from '../mux/mux.js';
import { queryOf } from '../../endpoints/request/context.js';

/** Serves /openapi/v2 and /openapi/v3 for everything the catalog serves. */
export function installOpenAPI(mux: PathRecorderMux, catalog: APICatalog, definitions: Definitions): void {
  const builder = new OpenAPIV3Builder({ definitions });
  const described = new WeakMap<ServedGroupVersion, OpenAPIGroupVersion>();
  const groupVersions = (): OpenAPIGroupVersion[] =>
    catalog.groups().flatMap((g) =>
      g.versions.flatMap((v) => {
        const entry = catalog.lookup(g.group, v.version);
        if (!entry) return [];
        let gv = described.get(entry);
        if (!gv) {
          gv = openAPIGroupVersion(entry);
          described.set(entry, gv);
        }
        return [gv];
      }),
    );
  const v3 = perRevision(
    () => catalog.revision,
    (): OpenAPIV3Service => builder.build(groupVersions()),
  );
  const v2 = perRevision(
    () => catalog.revision,
    (): OpenAPIV2Service =>
      newOpenAPIV2Service(
        buildOpenAPIV2Document(groupVersions(), builder.converter, { version: kubernetesGitVersion }),
      ),
  );
  // Warm v3 up once start-up is over, so building (tens of ms) neither delays readiness nor the
  // first client; v2 is built on its first request (older kubectls and `kind: List` files ask for it).
  setTimeout(() => void v3(), 1000).unref();
  const v3Handler = (req: IncomingMessage, res: ServerResponse): void => write(res, v3().serve(openAPIRequest(req)));
  mux.handle(openAPIV3Root, v3Handler);
  mux.handlePrefix(`${openAPIV3Root}/`, v3Handler);
  mux.handle(openAPIV2Path, (req, res) => write(res, v2().serve(openAPIRequest(req))));
}

function openAPIRequest(req: IncomingMessage): OpenAPIRequest {
  return {
    method: req.method ?? 'GET',
    path: pathOf(req),
    query: queryOf(req),
    headers: {
      accept: req.headers.accept,
      'accept-encoding': req.headers['accept-encoding'],
      'if-none-match': req.headers['if-none-match'],
      'if-modified-since': req.headers['if-modified-since'],
    },
  };
}

function write(res: ServerResponse, answer: OpenAPIResponse): void {
  res.writeHead(answer.status, answer.headers);
  res.end(answer.body);
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
