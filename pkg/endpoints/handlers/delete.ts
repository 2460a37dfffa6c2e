/**
 * DELETE of one object and of a collection (mirrors apiserver's handlers/delete.go). Options come
 * from the body (a DeleteOptions) or the query (gracePeriodSeconds, propagationPolicy,
 * orphanDependents, dryRun), as kubectl sends either.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { newBadRequest, newInvalid } from '../../api/errors/errors.js';
import { notSupported } from '../../util/validation/field/errors.js';
import type { DeleteOptions } from '../../apis/meta/v1/types.js';
import { readBody } from './body.js';
import { negotiateOutput } from './negotiation/negotiate.js';
import { transformObject, writeNegotiated } from './response.js';
import { contextOf, isDryRun, listOptionsFrom, requireName, requireVerb, restContext, type RequestScope } from './rest.js';

const propagationPolicies = new Set(['Orphan', 'Background', 'Foreground']);

export async function deleteResource(scope: RequestScope, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const ctx = contextOf(req);
  const negotiated = negotiateOutput(req.headers.accept, false);
  const name = requireName(ctx.requestInfo.name);
  const del = requireVerb(scope, 'delete');
  const rest = restContext(ctx, scope);
  const options = await deleteOptionsFrom(req, ctx.query);
  const result = await del(rest, name, options);
  // Upstream answers 202 only when a cascading delete was asked for explicitly and is still pending.
  const code = !result.deleted && options.orphanDependents === false ? 202 : 200;
  writeNegotiated(req, res, code, transformObject(result.object, scope, rest, negotiated, ctx.query), negotiated);
}

export async function deleteCollection(scope: RequestScope, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const ctx = contextOf(req);
  const negotiated = negotiateOutput(req.headers.accept, true);
  const deleteCollectionFn = requireVerb(scope, 'deleteCollection');
  const rest = restContext(ctx, scope);
  const options = await deleteOptionsFrom(req, ctx.query);
  const listOptions = listOptionsFrom(ctx.query);
  const result = await deleteCollectionFn(rest, options, listOptions);
  writeNegotiated(req, res, 200, transformObject(result, scope, rest, negotiated, ctx.query), negotiated);
}

async function deleteOptionsFrom(req: IncomingMessage, query: URLSearchParams): Promise<DeleteOptions> {
  const body = await readBody(req);
  let options: DeleteOptions = {};
  if (body.length > 0) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch (err) {
      throw newBadRequest(`error decoding DeleteOptions: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw newBadRequest('DeleteOptions must be an object');
    options = parsed as DeleteOptions;
  }
  const grace = query.get('gracePeriodSeconds');
  if (grace !== null && options.gracePeriodSeconds === undefined) {
    if (!/^-?\d+$/.test(grace)) throw newBadRequest(`invalid gracePeriodSeconds ${JSON.stringify(grace)}: must be an integer`);
    options.gracePeriodSeconds = Number(grace);
  }
  const policy = query.get('propagationPolicy');
  if (policy !== null && options.propagationPolicy === undefined) options.propagationPolicy = policy as DeleteOptions['propagationPolicy'];
  const orphan = query.get('orphanDependents');
  if (orphan !== null && options.orphanDependents === undefined) options.orphanDependents = orphan === 'true';
  if (isDryRun(query)) options.dryRun = ['All'];
  for (const v of options.dryRun ?? []) {
    if (v !== 'All') throw newBadRequest(`Invalid dry run value: ${v}: supported values are "All"`);
  }
  if (options.propagationPolicy !== undefined && !propagationPolicies.has(options.propagationPolicy)) {
    throw newInvalid({ group: 'meta.k8s.io', kind: 'DeleteOptions' }, '', [notSupported('propagationPolicy', options.propagationPolicy, ['Foreground', 'Background', 'Orphan'])]);
  }
  return options;
}
