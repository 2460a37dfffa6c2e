/**
 * Per-request values the filters establish and the handlers read (mirrors apiserver's
 * endpoints/request context: WithRequestInfo/RequestInfoFrom, WithUser/UserFrom). Kept in a
 * WeakMap keyed by the request so nothing leaks once the request is gone.
 */
import type { IncomingMessage } from 'node:http';
import type { UserInfo } from '../../authentication/user/user.js';
import type { RequestInfo } from './requestinfo.js';

export interface RequestContext {
  requestInfo: RequestInfo;
  /** The parsed query string. */
  query: URLSearchParams;
  /** Set by the authentication filter. */
  user?: UserInfo;
  /**
   * Aborts when the client goes away, and — for long-running requests such as watches — when
   * the server ends them during shutdown. Handlers stop work and end their response on abort.
   */
  signal: AbortSignal;
  /** Aborts `signal` for the whole request (the timeout filter ends a request this way). */
  abort(reason: Error): void;
}

const contexts = new WeakMap<IncomingMessage, RequestContext>();

export function setRequestContext(req: IncomingMessage, ctx: RequestContext): void {
  contexts.set(req, ctx);
}

/** The request's context; the request-info filter sets it before any handler runs. */
export function requestContextFrom(req: IncomingMessage): RequestContext {
  const ctx = contexts.get(req);
  if (!ctx) throw new Error('request context missing: the request-info filter must run first');
  return ctx;
}
