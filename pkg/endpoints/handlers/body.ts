/**
 * Reading request bodies (size-limited) and checking a decoded object against the kind the route
 * expects. Decoding itself is pkg/runtime/serializer's (see ./decode.ts).
 */
import type { IncomingMessage } from 'node:http';
import { newBadRequest, newRequestEntityTooLarge } from '../../api/errors/errors.js';
import type { GroupVersionKind, KubeObject } from '../../apis/meta/v1/types.js';

/** Upstream's limit for a request body (3 MiB, as etcd's request size allows). */
export const maxRequestBodyBytes = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage, limit = maxRequestBodyBytes): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw newRequestEntityTooLarge(`limit is ${limit}`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw newRequestEntityTooLarge(`limit is ${limit}`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** The media type of a Content-Type header without parameters; JSON when absent. */
export function mediaTypeOf(contentType: string | undefined): string {
  if (!contentType) return 'application/json';
  return (contentType.split(';')[0] ?? '').trim().toLowerCase();
}

export function apiVersionOf(gvk: GroupVersionKind): string {
  return gvk.group === '' ? gvk.version : `${gvk.group}/${gvk.version}`;
}

/** Fills in apiVersion/kind when absent; rejects a body of another kind or version. */
export function checkKind(value: unknown, expected: GroupVersionKind): KubeObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw newBadRequest(`the object provided is unrecognized (must be of type ${expected.kind}): expected an object`);
  }
  const obj = value as Record<string, unknown>;
  const apiVersion = apiVersionOf(expected);
  if (obj.apiVersion !== undefined && obj.apiVersion !== '' && obj.apiVersion !== apiVersion) {
    throw newBadRequest(
      `the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${apiVersion})`,
    );
  }
  if (obj.kind !== undefined && obj.kind !== '' && obj.kind !== expected.kind) {
    throw newBadRequest(
      `the kind in the data (${String(obj.kind)}) does not match the expected kind (${expected.kind})`,
    );
  }
  if (
    obj.metadata !== undefined &&
    (typeof obj.metadata !== 'object' || obj.metadata === null || Array.isArray(obj.metadata))
  ) {
    throw newBadRequest(
      `the object provided is unrecognized (must be of type ${expected.kind}): metadata must be an object`,
    );
  }
  return {
    ...obj,
    apiVersion,
    kind: expected.kind,
    metadata: (obj.metadata as KubeObject['metadata'] | undefined) ?? {},
  };
}
