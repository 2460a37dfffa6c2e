/**
 * GET of one object and LIST of a collection (mirrors apiserver's handlers/get.go). A list whose
 * query says `watch` is handed to the watch handler.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { negotiateOutput } from './negotiation/negotiate.js';
import { transformObject, writeNegotiated } from './response.js';
import { contextOf, listOptionsFrom, requireVerb, restContext, type RequestScope } from './rest.js';
import { serveWatch } from './watch.js';

export async function getResource(scope: RequestScope, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const ctx = contextOf(req);
  const negotiated = negotiateOutput(req.headers.accept, false);
  const get = requireVerb(scope, 'get');
  const rest = restContext(ctx, scope);
  const rv = ctx.query.get('resourceVersion');
  const obj = await get(rest, ctx.requestInfo.name, rv ? { resourceVersion: rv } : {});
  writeNegotiated(req, res, 200, transformObject(obj, scope, rest, negotiated, ctx.query), negotiated);
}

export async function listResource(scope: RequestScope, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const ctx = contextOf(req);
  if (ctx.requestInfo.verb === 'watch') return serveWatch(scope, req, res);
  const negotiated = negotiateOutput(req.headers.accept, true);
  const list = requireVerb(scope, 'list');
  const rest = restContext(ctx, scope);
  const result = await list(rest, listOptionsFrom(ctx.query));
  writeNegotiated(req, res, 200, transformObject(result, scope, rest, negotiated, ctx.query), negotiated);
}
