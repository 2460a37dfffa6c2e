/**
 * POST: create an object (mirrors apiserver's handlers/create.go). Answers 201 with the stored
 * object (200 for named creates such as pods/binding, whose result is a Status).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { newMethodNotAllowed } from '../../api/errors/errors.js';
import { decodeRequestObject } from './decode.js';
import { negotiateOutput } from './negotiation/negotiate.js';
import { transformObject, writeNegotiated } from './response.js';
import { contextOf, isDryRun, requireVerb, type RequestScope } from './rest.js';

export async function createResource(scope: RequestScope, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const ctx = contextOf(req);
  const negotiated = negotiateOutput(req.headers.accept, false);
  const dryRun = isDryRun(ctx.query, 'CreateOptions');
  const { object, warnings } = await decodeRequestObject(req, scope, ctx.query, 'CreateOptions');
  for (const w of warnings) ctx.addWarning(w);
  const fieldManager = ctx.query.get('fieldManager') ?? undefined;
  const opts = { dryRun, ...(fieldManager ? { fieldManager } : {}) };

  if (ctx.requestInfo.subresource !== '') {
    // Subresource creates (pods/binding, pods/eviction, serviceaccounts/token) name their parent in the URL.
    const createNamed = requireVerb(scope, 'createNamed');
    const result = await createNamed(ctx, ctx.requestInfo.name, object, opts);
    writeNegotiated(req, res, 201, transformObject(result, scope, ctx, negotiated, ctx.query), negotiated);
    return;
  }
  // POST to a named object is no route upstream.
  if (ctx.requestInfo.name !== '') throw newMethodNotAllowed();
  const create = requireVerb(scope, 'create');
  const created = await create(ctx, object, opts);
  writeNegotiated(req, res, 201, transformObject(created, scope, ctx, negotiated, ctx.query), negotiated);
}
