/**
 * PATCH (mirrors apiserver's handlers/patch.go): the patch is applied to the current object inside
 * the registry's update, so it goes through the same defaulting, validation and optimistic
 * concurrency as a PUT, and is re-applied to fresher state on a conflict.
 *
 * Supported: application/merge-patch+json (RFC 7386), application/json-patch+json (RFC 6902) and,
 * for built-in kinds, application/strategic-merge-patch+json (what kubectl edit, apply and patch
 * send). Server-side apply answers 415 until it is implemented.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  type StatusError,
  newBadRequest,
  newNotFound,
  newRequestEntityTooLarge,
  newUnprocessable,
  newUnsupportedMediaTypeError,
} from '../../api/errors/errors.js';
import type { KubeObject } from '../../apis/meta/v1/types.js';
import { applyJSONPatch, JSONPatchError, parseOperations, type Operation } from '../../util/jsonpatch/json-patch.js';
import { applyMergePatch } from '../../util/jsonpatch/merge-patch.js';
import { StrategicMergePatchError } from '../../util/strategicpatch/errors.js';
import { patchMetaForKind, type PatchMeta } from '../../util/strategicpatch/meta.js';
import { applyStrategicMergePatch } from '../../util/strategicpatch/patch.js';
import { loadBuiltinDefinitions } from '../../openapi/definitions.js';
import {
  type FieldValidationDirective,
  fieldValidationDirective,
  validateFields,
} from '../../runtime/field-validation.js';
import { decodeJSON, JSONSyntaxError } from '../../runtime/serializer/json/json.js';
import {
  duplicatesOnly,
  findJSONPatchStrictErrors,
  findStrictJSONErrors,
} from '../../runtime/serializer/json/strict.js';
import { checkKind, mediaTypeOf, readBody } from './body.js';
import { negotiateOutput } from './negotiation/negotiate.js';
import { transformObject, writeNegotiated } from './response.js';
import { contextOf, isDryRun, requireName, requireVerb, type RequestScope } from './rest.js';

const mergePatch = 'application/merge-patch+json';
const jsonPatch = 'application/json-patch+json';
const strategicMergePatch = 'application/strategic-merge-patch+json';

/** Upstream's limit on the operations of one JSON patch (handlers/patch.go maxJSONPatchOperations). */
const maxJSONPatchOperations = 10000;

export async function patchResource(scope: RequestScope, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const ctx = contextOf(req);
  const negotiated = negotiateOutput(req.headers.accept, false);
  const dryRun = isDryRun(ctx.query, 'PatchOptions');
  const name = requireName(ctx.requestInfo.name);
  const update = requireVerb(scope, 'update');
  const patchType = mediaTypeOf(req.headers['content-type']);
  const patchMeta =
    patchType === strategicMergePatch ? patchMetaForKind(await loadBuiltinDefinitions(), scope.kind) : undefined;
  if (patchType !== mergePatch && patchType !== jsonPatch && !patchMeta) {
    // Strategic merge patch needs the kind's merge keys: built-in kinds only, as upstream.
    throw unsupportedPatchType();
  }
  const directive = fieldValidationDirective(ctx.query.get('fieldValidation'), 'PatchOptions');
  const text = (await readBody(req)).toString('utf8');
  const doc = decodePatch(text, patchType, directive);
  // Duplicate fields only show in the patch's text; unknown ones in the patched object (below).
  const findings =
    directive === 'Ignore'
      ? []
      : patchType === jsonPatch
        ? findJSONPatchStrictErrors(text)
        : findStrictJSONErrors(text, duplicatesOnly);
  const apply = patchMeta
    ? strategicPatcher(doc, patchMeta)
    : patchType === jsonPatch
      ? jsonPatcher(doc)
      : (current: KubeObject) => applyMergePatch(current, doc);
  const fieldManager = ctx.query.get('fieldManager') ?? undefined;
  // The update callback may run again on a conflict; the warnings of the last run are the ones that count.
  let warnings: string[] = [];
  const result = await update(
    ctx,
    name,
    (current) => {
      if (!current) throw newNotFound(scope.resource, name);
      const patched = patchedObject(scope, name, apply(current));
      const validated = scope.schemas
        ? validateFields(scope.schemas, scope.kind, patched, directive, { fields: findings })
        : { object: patched, warnings: [] };
      warnings = validated.warnings;
      return patched;
    },
    { dryRun, ...(fieldManager ? { fieldManager } : {}) },
  );
  for (const w of warnings) ctx.addWarning(w);
  writeNegotiated(req, res, 200, transformObject(result.object, scope, ctx, negotiated, ctx.query), negotiated);
}

/**
 * The patch document, at most maxNestingDepth levels deep.
 * @throws StatusError 400 worded as upstream's decoder of each patch type: the strict decoder
 *   (fieldValidation Strict or Warn) says `error decoding patch: <Go's syntax error>`; otherwise
 *   JSON patch gives the bare syntax error and merge patch `Invalid JSON Patch`. Strategic merge
 *   patch always gives the bare syntax error.
 */
function decodePatch(text: string, patchType: string, directive: FieldValidationDirective): unknown {
  try {
    return decodeJSON(text);
  } catch (err) {
    if (!(err instanceof JSONSyntaxError)) throw err;
    if (patchType === strategicMergePatch) throw newBadRequest(err.message);
    if (directive !== 'Ignore') throw newBadRequest(`error decoding patch: ${err.message}`);
    throw newBadRequest(patchType === mergePatch ? 'Invalid JSON Patch' : err.message);
  }
}

function jsonPatcher(doc: unknown): (current: KubeObject) => unknown {
  let ops: Operation[];
  try {
    ops = parseOperations(doc);
  } catch (err) {
    throw newBadRequest((err as Error).message);
  }
  if (ops.length > maxJSONPatchOperations) {
    throw newRequestEntityTooLarge(
      `The allowed maximum operations in a JSON patch is ${maxJSONPatchOperations}, got ${ops.length}`,
    );
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

function strategicPatcher(doc: unknown, meta: PatchMeta): (current: KubeObject) => unknown {
  return (current) => {
    try {
      return applyStrategicMergePatch(current, doc, meta);
    } catch (err) {
      if (!(err instanceof StrategicMergePatchError)) throw err;
      // Upstream answers some malformed patches with a bare 500; a client's bad patch is its own
      // error here, so those are 422 like patches that do not apply.
      throw err.code === 400 ? newBadRequest(err.message) : newUnprocessable(err.message);
    }
  };
}

/** The patched document must still be an object of the route's kind, carrying the URL's name. */
function patchedObject(scope: RequestScope, name: string, value: unknown): KubeObject {
  const obj = checkKind(value, scope.kind);
  if (obj.metadata.name !== undefined && obj.metadata.name !== name) {
    throw newBadRequest(`the name of the object (${obj.metadata.name}) does not match the name on the URL (${name})`);
  }
  obj.metadata.name = name;
  return obj;
}

/** 415 listing the patch types this server applies, as upstream answers an unsupported one. */
function unsupportedPatchType(): StatusError {
  return newUnsupportedMediaTypeError([jsonPatch, mergePatch, strategicMergePatch]);
}
