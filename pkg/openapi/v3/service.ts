/**
 * Serves /openapi/v3 as upstream's kube-openapi handler3 does: every document is built and
 * serialized once (here, not per request), its ETag is the upper-case hex SHA-512 of its bytes,
 * and the index links each group version with `?hash=<etag>`.
 *
 *   GET /openapi/v3                    {"paths":{"apis/apps/v1":{"serverRelativeURL":"/openapi/v3/apis/apps/v1?hash=…"}}}
 *   GET /openapi/v3/apis/apps/v1       the document; ETag, Vary: Accept, Last-Modified
 *   GET …?hash=<current>               same, plus Cache-Control: public, immutable and a one-year Expires
 *   GET …?hash=<stale>                 301 to the current ?hash= URL
 *   If-None-Match: "<etag>"            304
 *
 * Only JSON is produced: a client accepting nothing but the protobuf form gets 406, as upstream
 * answers an unsatisfiable Accept. Answers are plain {status, headers, body} values, so any
 * HTTP layer can write them.
 */
import { createHash } from 'node:crypto';
import { newPathNotFound } from '../../api/errors/errors.js';
import { kubernetesGitVersion } from '../../version/version.js';
import type { Definitions } from '../definitions.js';
import { type OpenAPIGroupVersion, openAPIV3Key } from '../resources.js';
import { SchemaConverter, buildGroupVersionDocument } from './document.js';

export const openAPIV3Root = '/openapi/v3';

export interface OpenAPIResponse {
  status: number;
  headers: Record<string, string>;
  /** Empty for HEAD, 304, 301 and 406. */
  body: Uint8Array;
}

export interface OpenAPIRequest {
  method: string;
  /** The URL path, e.g. `/openapi/v3/apis/apps/v1`. */
  path: string;
  query: URLSearchParams;
  headers: {
    accept?: string | undefined;
    /** Honoured by /openapi/v2 (gzip); /openapi/v3 answers uncompressed. */
    'accept-encoding'?: string | undefined;
    'if-none-match'?: string | undefined;
    'if-modified-since'?: string | undefined;
  };
}

export interface OpenAPIV3Service {
  /** Index keys of the documents served (`api/v1`, `apis/apps/v1`). */
  readonly keys: readonly string[];
  /** True for /openapi/v3 and the document paths this service answers. */
  handles(path: string): boolean;
  /** Answers a GET or HEAD for one of the paths it handles (404 for others under /openapi/v3). */
  serve(request: OpenAPIRequest): OpenAPIResponse;
}

export interface OpenAPIV3Options {
  groupVersions: readonly OpenAPIGroupVersion[];
  definitions: Definitions;
  /** `info.version` of every document; the Kubernetes release by default. */
  version?: string;
  /** Media types responses are documented in; JSON and YAML by default. */
  responseMediaTypes?: readonly string[];
  /** Last-Modified of every document; now by default. */
  now?: Date;
}

export interface Served {
  bytes: Uint8Array;
  etag: string;
}

/**
 * Builds services for changing sets of group versions: a group version passed again as the same
 * object keeps its serialized document (and ETag), so a rebuild after one group version came or
 * went costs that document and the index, not every document.
 */
export class OpenAPIV3Builder {
  /** Definition conversions, cached for every build (the v2 document reuses them). */
  readonly converter: SchemaConverter;
  private readonly documentOptions: { version: string; responseMediaTypes: readonly string[] };
  private readonly built = new WeakMap<OpenAPIGroupVersion, Served>();

  constructor(private readonly options: Omit<OpenAPIV3Options, 'groupVersions'>) {
    this.converter = new SchemaConverter(options.definitions);
    this.documentOptions = {
      version: options.version ?? kubernetesGitVersion,
      responseMediaTypes: options.responseMediaTypes ?? ['application/json', 'application/yaml'],
    };
  }

  /** Every document and the index for `groupVersions`; the returned service only looks them up. */
  build(groupVersions: readonly OpenAPIGroupVersion[]): OpenAPIV3Service {
    const documents = new Map<string, Served>();
    for (const gv of groupVersions) {
      let served = this.built.get(gv);
      if (!served) {
        served = serialize(buildGroupVersionDocument(gv, this.converter, this.documentOptions));
        this.built.set(gv, served);
      }
      documents.set(openAPIV3Key(gv), served);
    }
    return serviceOf(documents, this.options.now ?? new Date());
  }
}

/** Builds every document and the index now; the returned service only looks them up. */
export function buildOpenAPIV3Service(options: OpenAPIV3Options): OpenAPIV3Service {
  return new OpenAPIV3Builder(options).build(options.groupVersions);
}

function serviceOf(documents: ReadonlyMap<string, Served>, now: Date): OpenAPIV3Service {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  // Keys are unique, so comparing them alone orders the entries as sorting the keys would.
  for (const [key, served] of [...documents].sort(([a], [b]) => (a < b ? -1 : 1))) {
    paths[key] = { serverRelativeURL: serverRelativeURL(key, served.etag) };
  }
  const index = serialize({ paths });
  const lastModified = new Date(Math.floor(now.getTime() / 1000) * 1000);

  return {
    keys: [...documents.keys()],
    handles: (path) => path === openAPIV3Root || path.startsWith(`${openAPIV3Root}/`),
    serve(request) {
      if (request.path === openAPIV3Root) {
        return content(request, index, lastModified, { 'Content-Type': 'application/json' });
      }
      const key = request.path.slice(openAPIV3Root.length + 1);
      const document = documents.get(key);
      if (!document)
        return {
          status: 404,
          headers: { 'Content-Type': 'application/json' },
          body: Buffer.from(JSON.stringify(newPathNotFound().status)),
        };
      if (!acceptsJSON(request.headers.accept))
        return { status: 406, headers: { Vary: 'Accept' }, body: new Uint8Array(0) };
      const headers: Record<string, string> = { 'Content-Type': 'application/json', Vary: 'Accept' };
      const hash = request.query.get('hash');
      if (hash) {
        if (hash !== document.etag) {
          return {
            status: 301,
            headers: { Location: serverRelativeURL(key, document.etag), Vary: 'Accept' },
            body: new Uint8Array(0),
          };
        }
        headers['Cache-Control'] = 'public, immutable';
        headers.Expires = new Date(Date.now() + 365 * 24 * 3600 * 1000).toUTCString();
      }
      return content(request, document, lastModified, headers);
    },
  };
}

export function serialize(value: unknown): Served {
  const bytes = Buffer.from(JSON.stringify(value));
  return { bytes, etag: computeETag(bytes) };
}

/** Upstream's ETag of a document: upper-case hex SHA-512 of its bytes (quoted in the header). */
export function computeETag(bytes: Uint8Array): string {
  return createHash('sha512').update(bytes).digest('hex').toUpperCase();
}

function serverRelativeURL(key: string, etag: string): string {
  return `${openAPIV3Root}/${key}?${new URLSearchParams({ hash: etag }).toString()}`;
}

/** A 200 (or 304) with upstream's http.ServeContent headers: ETag, Last-Modified, Content-Length. */
export function content(
  request: OpenAPIRequest,
  served: Served,
  lastModified: Date,
  headers: Record<string, string>,
): OpenAPIResponse {
  const all = { ...headers, Etag: `"${served.etag}"`, 'Last-Modified': lastModified.toUTCString() };
  if (notModified(request, served.etag, lastModified)) return { status: 304, headers: all, body: new Uint8Array(0) };
  return {
    status: 200,
    headers: { ...all, 'Content-Length': String(served.bytes.length) },
    body: request.method === 'HEAD' ? new Uint8Array(0) : served.bytes,
  };
}

function notModified(request: OpenAPIRequest, etag: string, lastModified: Date): boolean {
  const ifNoneMatch = request.headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    return ifNoneMatch.split(',').some((tag) => {
      const t = tag.trim().replace(/^W\//, '');
      return t === '*' || t === `"${etag}"`;
    });
  }
  const since = request.headers['if-modified-since'];
  return since !== undefined && !Number.isNaN(Date.parse(since)) && lastModified.getTime() <= Date.parse(since);
}

/** Whether an Accept header admits application/json (no header means anything). */
function acceptsJSON(accept: string | undefined): boolean {
  if (accept === undefined || accept.trim() === '') return true;
  return accept.split(',').some((clause) => {
    const [range = '', ...params] = clause.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    if (q !== undefined && Number(q.slice(2)) === 0) return false;
    return range === '*/*' || range === 'application/*' || range === 'application/json';
  });
}
