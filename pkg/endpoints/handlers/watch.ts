/**
 * Watch streams (mirrors apiserver's handlers/watch.go): newline-delimited `WatchEvent` JSON over
 * a chunked response, one event per line, flushed as it happens. The stream ends cleanly — the
 * final chunk is sent, never a reset — when `timeoutSeconds` passes, the client goes away, or the
 * server shuts down; a failure after the headers went out (e.g. a compacted resourceVersion) is
 * sent as one ERROR event carrying the Status, then the stream ends.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { newBadRequest } from '../../api/errors/errors.js';
import type { KubeObject, WatchEvent } from '../../apis/meta/v1/types.js';
import * as klog from '../../klog/klog.js';
import { errorToAPIStatus } from './responsewriters/writers.js';
import { negotiateOutput } from './negotiation/negotiate.js';
import { transformObject } from './response.js';
import { contextOf, requireVerb, watchOptionsFrom, type RequestScope } from './rest.js';

/** Upstream spreads watch lifetimes over [minRequestTimeout, 2×minRequestTimeout] so relists do not synchronise. */
const minRequestTimeoutSeconds = 1800;

export async function serveWatch(scope: RequestScope, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const ctx = contextOf(req);
  const negotiated = negotiateOutput(req.headers.accept, false);
  if (negotiated.mediaType !== 'application/json') throw newBadRequest('watch streams are served as JSON only');
  const watch = requireVerb(scope, 'watch');

  const timeout = new AbortController();
  const timeoutMs = watchTimeoutSeconds(ctx.query) * 1000;
  const timer = setTimeout(() => timeout.abort(new Error('watch timeout')), timeoutMs);
  const signal = AbortSignal.any([ctx.signal, timeout.signal]);
  ctx.signal = signal;
  try {
    // Errors before the stream starts (bad selector, too-old resourceVersion detected up front)
    // reject here and are answered as an ordinary Status by the caller.
    const events = await watch(ctx, { ...watchOptionsFrom(ctx.query, signal), deadline: Date.now() + timeoutMs });
    res.statusCode = 200;
    res.setHeader('Content-Type', negotiated.mediaType);
    res.setHeader('Cache-Control', 'no-cache, private');
    res.setHeader('Transfer-Encoding', 'chunked');
    res.flushHeaders();
    try {
      for await (const event of events) {
        if (signal.aborted || res.destroyed) break;
        const line = `${JSON.stringify(encodeEvent(event, scope, ctx, negotiated, ctx.query))}\n`;
        if (!res.write(line)) await drained(res, signal);
      }
    } catch (err) {
      if (!res.destroyed) res.write(`${JSON.stringify({ type: 'ERROR', object: errorToAPIStatus(err) })}\n`);
      klog.v(3).info('Watch ended with an error', {
        resource: scope.resource.resource,
        err: err instanceof Error ? err.message : String(err),
      });
    }
    if (!res.destroyed) res.end();
  } finally {
    clearTimeout(timer);
  }
}

/** Table watches (kubectl get -w) carry one-row Tables; bookmarks stay as they are. */
function encodeEvent(
  event: WatchEvent<KubeObject>,
  scope: RequestScope,
  ctx: Parameters<typeof transformObject>[2],
  negotiated: Parameters<typeof transformObject>[3],
  query: URLSearchParams,
): WatchEvent<unknown> {
  if (negotiated.form === 'object' || event.type === 'BOOKMARK') return event;
  return { type: event.type, object: transformObject(event.object, scope, ctx, negotiated, query) };
}

function watchTimeoutSeconds(query: URLSearchParams): number {
  const text = query.get('timeoutSeconds');
  if (text !== null && text !== '') {
    if (!/^\d+$/.test(text))
      throw newBadRequest(`invalid timeoutSeconds ${JSON.stringify(text)}: must be a non-negative integer`);
    const n = Number(text);
    if (n > 0) return n;
  }
  return minRequestTimeoutSeconds * (1 + Math.random());
}

/** Waits for the socket to take more data, so a slow client applies backpressure instead of growing memory. */
function drained(res: ServerResponse, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    res.once('drain', done);
    res.once('close', done);
    signal.addEventListener('abort', done, { once: true });
  });
}
