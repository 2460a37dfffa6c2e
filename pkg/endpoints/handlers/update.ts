/**
 * PUT: replace an object (mirrors apiserver's handlers/update.go). 200 with the stored object, or
 * 201 when the PUT created it (resources that allow create-on-update).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { newBadRequest } from '../../api/errors/errors.js';
import { defaultUpdatedObjectInfo } from '../../registry/rest/update.js';
import { decodeRequestObject } from './decode.js';
import { negotiateOutput } from './negotiation/negotiate.js';
import { transformObject, writeNegotiated } from './response.js';
import { contextOf, isDryRun, requireName, requireVerb, type RequestScope } from './rest.js';

export async function updateResource(scope: RequestScope, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const ctx = contextOf(req);
  const negotiated = negotiateOutput(req.headers.accept, false);
  const dryRun = isDryRun(ctx.query, 'UpdateOptions');
  const name = requireName(ctx.requestInfo.name);
  const update = requireVerb(scope, 'update');
  const { object, warnings } = await decodeRequestObject(req, scope, ctx.query, 'UpdateOptions');
  for (const w of warnings) ctx.addWarning(w);
  const bodyName = object.metadata.name;
  if (bodyName !== undefined && bodyName !== name) {
    throw newBadRequest(`the name of the object (${bodyName}) does not match the name on the URL (${name})`);
  }
  // A subresource body (e.g. a Scale) is named after its parent object.
  object.metadata.name = name;
  const fieldManager = ctx.query.get('fieldManager') ?? undefined;
  const result = await update(ctx, name, defaultUpdatedObjectInfo(object), {
    dryRun,
    ...(fieldManager ? { fieldManager } : {}),
  });
  writeNegotiated(
    req,
    res,
    result.created ? 201 : 200,
    transformObject(result.object, scope, ctx, negotiated, ctx.query),
    negotiated,
  );
}
