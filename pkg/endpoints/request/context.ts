/**
 * The one per-request context (mirrors apiserver's endpoints/request: WithRequestInfo,
 * WithNamespace, WithUser, WithWarningRecorder …, which upstream keeps in a Go context.Context).
 * The request-info filter creates it once — the URL parsed into a RequestInfo, the query string
 * parsed once — and everything after reads and fills it: authentication sets the user, the API
 * handler the namespace, the registry and admission add warnings. In-process callers (bootstrap,
 * controllers inside the apiserver) build one with `newSystemContext`.
 *
 * Kept in a WeakMap keyed by the request, so nothing outlives the request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { allAuthenticated, systemPrivilegedGroup, type UserInfo } from '../../authentication/user/user.js';
import { newRequestInfo, type RequestInfo } from './requestinfo.js';

export interface RequestContext {
  requestInfo: RequestInfo;
  /** The query string, parsed once. */
  query: URLSearchParams;
  /**
   * The namespace the request is in, '' when none: set by the API handler from the URL for
   * namespaced resources; '' for cluster-scoped ones and for lists across namespaces (upstream
   * request.NamespaceValue). Stores fill an empty `metadata.namespace` from it and reject a body
   * whose namespace disagrees.
   */
  namespace: string;
  /** Set by the authentication filter (and replaced by impersonation); absent before it. */
  user?: UserInfo;
  /** The User-Agent header: the default field manager and what logs name a client by. */
  userAgent: string;
  /**
   * Aborts when the client goes away, the request times out, or — for long-running requests such
   * as watches — the server ends them during shutdown. Work stops and the response ends on abort.
   */
  signal: AbortSignal;
  /** Aborts `signal` for the whole request (the timeout filter ends a request this way). */
  abort(reason: Error): void;
  /**
   * Records a warning for the client (a strategy's warningsOnCreate/Update, deprecated fields,
   * unknown fields under fieldValidation=Warn): sent as `Warning: 299 - "<text>"` headers, deduped
   * and size-limited as upstream's warning recorder does. In-process callers drop them.
   */
  addWarning(text: string): void;
}

const contexts = new WeakMap<IncomingMessage, RequestContext>();

/**
 * Creates the request's context: the request-info filter does this once per request, first.
 * Warnings go to `res` as headers until the response starts.
 */
export function newRequestContext(req: IncomingMessage, res: ServerResponse, signal: AbortController): RequestContext {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const query = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
  const userAgent = req.headers['user-agent'] ?? '';
  const ctx: RequestContext = {
    requestInfo: newRequestInfo(req.method ?? 'GET', path, query),
    query,
    namespace: '',
    userAgent,
    signal: signal.signal,
    abort: (reason) => signal.abort(reason),
    addWarning: newWarningRecorder(res),
  };
  contexts.set(req, ctx);
  return ctx;
}

/** The request's context; the request-info filter creates it before any handler runs. */
export function requestContextFrom(req: IncomingMessage): RequestContext {
  const ctx = contexts.get(req);
  if (!ctx) throw new Error('request context missing: the request-info filter must run first');
  return ctx;
}

/** The query of a request: its context's when the request got that far, else parsed here (errors of the outermost filters). */
export function queryOf(req: IncomingMessage): URLSearchParams {
  const ctx = contexts.get(req);
  if (ctx) return ctx.query;
  const url = req.url ?? '';
  const q = url.indexOf('?');
  return new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
}

/** `?pretty=true` (or `1`, or present without a value): indent JSON responses. */
export function isPretty(req: IncomingMessage): boolean {
  const pretty = queryOf(req).get('pretty');
  return pretty === '' || pretty === 'true' || pretty === '1';
}

/** The apiserver's own identity (upstream's loopback `system:apiserver`), for in-process callers. */
export const systemUser: UserInfo = { name: 'system:apiserver', groups: [systemPrivilegedGroup, allAuthenticated] };

/** A context for in-process callers (bootstrap, in-apiserver controllers) acting as the apiserver itself. */
export function newSystemContext(namespace = '', signal?: AbortSignal): RequestContext {
  return newInProcessContext({ user: systemUser, namespace, ...(signal ? { signal } : {}) });
}

/** A context for a call made inside the process as `user` (no HTTP request behind it; warnings are dropped). */
export function newInProcessContext(opts: {
  user: UserInfo;
  namespace?: string;
  signal?: AbortSignal;
}): RequestContext {
  const controller = new AbortController();
  return {
    requestInfo: newRequestInfo('GET', '', new URLSearchParams()),
    query: new URLSearchParams(),
    namespace: opts.namespace ?? '',
    user: opts.user,
    userAgent: '',
    signal: opts.signal ?? controller.signal,
    abort: (reason) => controller.abort(reason),
    addWarning: () => undefined,
  };
}

const noUser: UserInfo = { name: '', groups: [] };

/** The request's user, or the empty user before authentication (upstream request.UserFrom). */
export function userFrom(ctx: RequestContext): UserInfo {
  return ctx.user ?? noUser;
}

/** The namespace of the request, '' when none (upstream request.NamespaceValue). */
export function namespaceValue(ctx: RequestContext): string {
  return ctx.namespace;
}

/**
 * Upstream's warning recorder (endpoints/filters/warning.go): duplicates dropped; warnings are
 * sent whole until they add up to 4096 characters, then every warning so far is re-sent cut to
 * 256 characters, and later ones are cut too until that budget is spent as well.
 */
const truncateAtTotalRunes = 4 * 1024;
const truncateItemRunes = 256;

function newWarningRecorder(res: ServerResponse): (text: string) => void {
  const recorded = new Set<string>();
  const ordered: string[] = [];
  let written = 0;
  let truncating = false;
  const cut = (text: string): string[] => {
    const runes = Array.from(text);
    return runes.length > truncateItemRunes ? runes.slice(0, truncateItemRunes) : runes;
  };
  return (text) => {
    if (text === '' || res.headersSent) return;
    if (truncating && written >= truncateAtTotalRunes) return;
    if (recorded.has(text)) return;
    recorded.add(text);
    ordered.push(text);
    const runes = truncating ? cut(text) : Array.from(text);
    if (written + runes.length <= truncateAtTotalRunes || truncating) {
      written += runes.length;
      res.appendHeader('Warning', format(runes.join('')));
      return;
    }
    truncating = true;
    written = 0;
    res.removeHeader('Warning');
    for (const w of ordered) {
      const short = cut(w);
      written += short.length;
      res.appendHeader('Warning', format(short.join('')));
    }
  };
}

/** `Warning: 299 - "<text>"`, the header kubectl prints as `Warning: <text>`. */
function format(text: string): string {
  return `299 - ${JSON.stringify(text)}`;
}
