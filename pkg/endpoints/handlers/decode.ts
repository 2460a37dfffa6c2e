/**
 * The body of a create or update, decoded for the route's kind. One place for the decoding
 * pipeline so create and update (and later every wire format) agree.
 */
import type { IncomingMessage } from 'node:http';
import type { KubeObject } from '../../apis/meta/v1/types.js';
import { decodeObject, readBody } from './body.js';
import type { RequestScope } from './rest.js';

export interface DecodedRequest {
  object: KubeObject;
  /** Sent back as `Warning: 299` headers (e.g. unknown fields under fieldValidation=Warn). */
  warnings: string[];
}

export async function decodeRequestObject(req: IncomingMessage, scope: RequestScope): Promise<DecodedRequest> {
  const body = await readBody(req);
  return { object: decodeObject(body, req.headers['content-type'], scope.kind), warnings: [] };
}
