/**
 * The body of a create or update, decoded for the route's kind through the wire-format
 * pipeline (pkg/runtime/serializer): JSON, YAML or Kubernetes protobuf in; unknown fields pruned
 * and reported per `fieldValidation` (Strict → 400, Warn → `Warning` headers, Ignore → silence).
 * One place, so every write verb agrees on what is accepted and stored.
 */
import type { IncomingMessage } from 'node:http';
import type { KubeObject } from '../../apis/meta/v1/types.js';
import { fieldValidationDirective, type WriteOptionsKind } from '../../runtime/field-validation.js';
import { decodeRequestBody } from '../../runtime/serializer/codec-factory.js';
import { checkKind, readBody } from './body.js';
import type { RequestScope } from './rest.js';

export interface DecodedRequest {
  object: KubeObject;
  /** Sent back as `Warning: 299` headers (e.g. unknown fields under fieldValidation=Warn). */
  warnings: string[];
}

/** Reads and decodes the request body of a create (`CreateOptions`) or update (`UpdateOptions`). */
export async function decodeRequestObject(
  req: IncomingMessage,
  scope: RequestScope,
  query: URLSearchParams,
  optionsKind: WriteOptionsKind,
): Promise<DecodedRequest> {
  const body = await readBody(req);
  const contentType = req.headers['content-type'];
  const fieldValidation = fieldValidationDirective(query.get('fieldValidation'), optionsKind);
  const decoded = await decodeRequestBody(contentType, body, {
    expected: scope.kind,
    fieldValidation,
    ...(scope.schemas ? { schemas: scope.schemas } : {}),
  });
  return { object: checkKind(decoded.object, scope.kind), warnings: decoded.warnings };
}
