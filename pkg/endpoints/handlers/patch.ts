/**
 * PATCH (mirrors apiserver's handlers/patch.go): the patch is applied to the current object inside
 * the registry's update, so it goes through the same defaulting, validation and optimistic
 * concurrency as a PUT, and is re-applied to fresher state on a conflict.
 *
 * Supported: application/merge-patch+json (RFC 7386) and application/json-patch+json (RFC 6902).
 * Strategic merge patch and server-side apply answer 415 until they are implemented.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { StatusError, newBadRequest, newNotFound, newUnprocessable, newUnsupportedMediaType } from '../../api/errors/errors.js';
import type { KubeObject } from '../../apis/meta/v1/types.js';
import { applyJSONPatch, JSONPatchError, parseOperations, type Operation } from '../../util/jsonpatch/json-patch.js';
import { applyMergePatch } from '../../util/jsonpatch/merge-patch.js';
import { mediaTypeOf, readBody } from './body.js';
import { addWarnings, decodeBytes, type DecodedRequest } from './decode.js';
import { negotiateOutput } from './negotiation/negotiate.js';
import { transformObject, writeNegotiated } from './response.js';
import { contextOf, isDryRun, requireName, requireVerb, restContext, type RequestScope } from './rest.js';

const mergePatch = 'application/merge-patch+json';
const jsonPatch = 'application/json-patch+json';
const strategicMergePatch = 'application/strategic-merge-patch+json';
const applyPatch = 'application/apply-patch+yaml';

export async function patchResource(scope: RequestScope, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const ctx = contextOf(req);
  const negotiated = negotiateOutput(req.headers.accept, false);
  const dryRun = isDryRun(ctx.query);
  const name = requireName(ctx.requestInfo.name);
  const update = requireVerb(scope, 'update');
  const rest = restContext(ctx, scope);
  const contentType = req.headers['content-type'];
  const patchType = mediaTypeOf(contentType);
  if (patchType !== mergePatch && patchType !== jsonPatch) {
    throw unsupportedPatchType(contentType ?? '', patchType);
  }
  const body = await readBody(req);
  let doc: unknown;
  try {
    doc = JSON.parse(body.toString('utf8'));
  } catch (err) {
    throw newBadRequest(`error decoding patch: ${err instanceof Error ? err.message : String(err)}`);
  }
  const apply = patchType === jsonPatch ? jsonPatcher(doc) : (current: KubeObject) => applyMergePatch(current, doc);
  const fieldManager = ctx.query.get('fieldManager') ?? undefined;
  // The update callback may run again on a conflict; the warnings of the last run are the ones that count.
  let warnings: string[] = [];
  const result = await update(
    rest,
    name,
    async (current) => {
      if (!current) throw newNotFound(scope.resource, name);
      const decoded = await patchedObject(scope, name, apply(current), ctx.query);
      warnings = decoded.warnings;
      return decoded.object;
    },
    { dryRun, ...(fieldManager ? { fieldManager } : {}) },
  );
  addWarnings(res, warnings);
  writeNegotiated(req, res, 200, transformObject(result.object, scope, rest, negotiated, ctx.query), negotiated);
}

function jsonPatcher(doc: unknown): (current: KubeObject) => unknown {
  let ops: Operation[];
  try {
    ops = parseOperations(doc);
  } catch (err) {
    throw newBadRequest((err as Error).message);
  }
  return (current) => {
    try {
      return applyJSONPatch(current, ops);
    } catch (err) {
      // A patch that does not apply (a failed test, a missing path) is 422, as upstream answers.
      if (err instanceof JSONPatchError) throw newUnprocessable(err.message);
      throw err;
    }
  };
}

/**
 * The patched document goes through the same decoding as a PUT body (kind check, pruning, field
 * validation), and must still carry the URL's name.
 */
async function patchedObject(scope: RequestScope, name: string, value: unknown, query: URLSearchParams): Promise<DecodedRequest> {
  const decoded = await decodeBytes('application/json', Buffer.from(JSON.stringify(value)), scope, query, 'PatchOptions');
  const obj = decoded.object;
  if (obj.metadata.name !== undefined && obj.metadata.name !== name) {
    throw newBadRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
  }
  obj.metadata.name = name;
  return decoded;
}

function unsupportedPatchType(contentType: string, patchType: string): StatusError {
  if (patchType === strategicMergePatch || patchType === applyPatch) {
    const err = newUnsupportedMediaType(contentType);
    err.status.message = `the body of the request was in an unknown format - accepted media types include: ${jsonPatch}, ${mergePatch}`;
    return err;
  }
  return newUnsupportedMediaType(contentType);
}
