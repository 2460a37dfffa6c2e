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
import { contextOf, listOptionsFrom, requireName, requireVerb, validateDryRun, type RequestScope } from './rest.js';

const propagationPolicies = new Set(['Orphan', 'Background', 'Foreground']);

export async function deleteResource(scope: RequestScope, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const ctx = contextOf(req);
  const negotiated = negotiateOutput(req.headers.accept, false);
  const name = requireName(ctx.requestInfo.name);
  const del = requireVerb(scope, 'delete');
  const options = await deleteOptionsFrom(req, ctx.query);
  const result = await del(ctx, name, options);
  // Upstream answers 202 only when a cascading delete was asked for explicitly and is still pending.
  const code = !result.deleted && options.orphanDependents === false ? 202 : 200;
  writeNegotiated(req, res, code, transformObject(result.object, scope, ctx, negotiated, ctx.query), negotiated);
}

export async function deleteCollection(scope: RequestScope, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const ctx = contextOf(req);
  const negotiated = negotiateOutput(req.headers.accept, true);
  const deleteCollectionFn = requireVerb(scope, 'deleteCollection');
  const options = await deleteOptionsFrom(req, ctx.query);
  const listOptions = listOptionsFrom(ctx.query);
  const result = await deleteCollectionFn(ctx, options, listOptions);
  writeNegotiated(req, res, 200, transformObject(result, scope, ctx, negotiated, ctx.query), negotiated);
}

/**
 * DeleteOptions from the body, or — when there is no body — from the query, as upstream reads
 * them; validated as upstream validates DeleteOptions.
 */
async function deleteOptionsFrom(req: IncomingMessage, query: URLSearchParams): Promise<DeleteOptions> {
  const body = await readBody(req);
  const options = body.length > 0 ? decodeDeleteOptions(body) : deleteOptionsFromQuery(query);
  validateDryRun(options.dryRun ?? [], 'DeleteOptions');
  if (options.propagationPolicy !== undefined && !propagationPolicies.has(options.propagationPolicy)) {
    throw newInvalid({ group: 'meta.k8s.io', kind: 'DeleteOptions' }, '', [
      notSupported('propagationPolicy', options.propagationPolicy, ['Foreground', 'Background', 'Orphan', 'nil']),
    ]);
  }
  return options;
}

function decodeDeleteOptions(body: Buffer): DeleteOptions {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw newBadRequest(`error decoding DeleteOptions: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw newBadRequest('DeleteOptions must be an object');
  return parsed as DeleteOptions;
}

function deleteOptionsFromQuery(query: URLSearchParams): DeleteOptions {
  const options: DeleteOptions = {};
  const grace = query.get('gracePeriodSeconds');
  if (grace !== null) {
    if (!/^-?\d+$/.test(grace))
      throw newBadRequest(`invalid gracePeriodSeconds ${JSON.stringify(grace)}: must be an integer`);
    options.gracePeriodSeconds = Number(grace);
  }
  const policy = query.get('propagationPolicy');
  if (policy !== null) options.propagationPolicy = policy as DeleteOptions['propagationPolicy'];
  const orphan = query.get('orphanDependents');
  if (orphan !== null) options.orphanDependents = orphan === 'true';
  const dryRun = query.getAll('dryRun');
  if (dryRun.length > 0) options.dryRun = dryRun;
  return options;
}
