/**
 * RequestInfo: what a URL means to the API (mirrors apiserver's endpoints/request RequestInfoFactory).
 * Filters (authorization, timeouts, long-running detection) and handlers all read the request
 * through it, so the URL grammar lives in one place:
 *
 *   /api/v1/namespaces/default/pods/web/status      core group, namespaced, subresource
 *   /apis/apps/v1/deployments                       list across namespaces
 *   /api/v1/watch/namespaces/default/pods           legacy watch path
 *   /healthz, /version, /openapi/v3                 non-resource requests
 */
export interface RequestInfo {
  isResourceRequest: boolean;
  path: string;
  /** Kubernetes verb: get, list, watch, create, update, patch, delete, deletecollection; or the lower-case HTTP method for non-resource requests. */
  verb: string;
  apiPrefix: string;
  apiGroup: string;
  apiVersion: string;
  namespace: string;
  resource: string;
  subresource: string;
  name: string;
  /** Path segments from the resource on; anything past the subresource is not interpreted. */
  parts: string[];
}

const apiPrefixes = new Set(['api', 'apis']);
/** The core group lives under /api with no group segment. */
const legacyAPIPrefix = 'api';
/** Subresources of a namespace itself: /namespaces/x/status is the namespace's status, not a resource named "status". */
const namespaceSubresources = new Set(['status', 'finalize']);
const methodVerbs: Record<string, string> = {
  POST: 'create',
  GET: 'get',
  HEAD: 'get',
  PUT: 'update',
  PATCH: 'patch',
  DELETE: 'delete',
};
const longRunningSubresources = new Set(['proxy', 'log', 'exec', 'attach', 'portforward']);

/** Go's strconv.ParseBool true values, as upstream reads `watch=`. */
export function parseBool(value: string | null): boolean {
  return value === '1' || value === 't' || value === 'T' || value === 'true' || value === 'TRUE' || value === 'True';
}

export function newRequestInfo(method: string, path: string, query: URLSearchParams): RequestInfo {
  const info: RequestInfo = {
    isResourceRequest: false,
    path,
    verb: method.toLowerCase(),
    apiPrefix: '',
    apiGroup: '',
    apiVersion: '',
    namespace: '',
    resource: '',
    subresource: '',
    name: '',
    parts: [],
  };
  let parts = splitPath(path);
  const prefix = parts[0];
  if (prefix === undefined || !apiPrefixes.has(prefix)) return info;
  info.apiPrefix = prefix;
  parts = parts.slice(1);
  if (prefix !== legacyAPIPrefix) {
    // /apis and /apis/<group> are discovery, not resources.
    if (parts.length < 2) return info;
    info.apiGroup = parts[0] ?? '';
    parts = parts.slice(1);
  }
  // /api and /apis/<group>/<version> with nothing more are discovery too.
  if (parts.length < 2) {
    info.apiVersion = parts[0] ?? '';
    return info;
  }
  info.apiVersion = parts[0] ?? '';
  parts = parts.slice(1);
  info.isResourceRequest = true;
  info.verb = methodVerbs[method] ?? method.toLowerCase();

  if (parts[0] === 'watch') {
    // The legacy /watch/ path segment: a GET under it is a watch whatever the query says.
    parts = parts.slice(1);
    if (info.verb === 'get') info.verb = 'watch';
  }
  if (parts[0] === 'namespaces') {
    if (parts.length > 1) {
      info.namespace = parts[1] ?? '';
      if (parts.length > 2 && !namespaceSubresources.has(parts[2] ?? '')) parts = parts.slice(2);
    }
  }
  info.parts = parts;
  if (parts.length >= 3) info.subresource = parts[2] ?? '';
  if (parts.length >= 2) info.name = parts[1] ?? '';
  if (parts.length >= 1) info.resource = parts[0] ?? '';

  if (info.name === '' && info.verb === 'get') {
    info.verb = parseBool(query.get('watch')) ? 'watch' : 'list';
  }
  if (info.name === '' && info.verb === 'delete') info.verb = 'deletecollection';
  return info;
}

/** Watches and streaming subresources are exempt from the request timeout and from shutdown draining. */
export function isLongRunning(info: RequestInfo): boolean {
  return info.verb === 'watch' || longRunningSubresources.has(info.subresource);
}

function splitPath(path: string): string[] {
  const trimmed = path.replace(/^\/+|\/+$/g, '');
  if (trimmed === '') return [];
  return trimmed.split('/').map(decodeSegment);
}

function decodeSegment(segment: string): string {
  if (!segment.includes('%')) return segment;
  try {
    return decodeURIComponent(segment);
  } catch {
    // A malformed escape is kept as sent; the name validation that follows rejects it.
    return segment;
  }
}
