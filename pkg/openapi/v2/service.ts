/**
 * Serves /openapi/v2 as kube-openapi's v2 handler does: JSON or gnostic protobuf chosen from the
 * Accept header (clauses in preference order; the first the server can produce wins; none → 406),
 * both carrying the ETag of the JSON bytes (upper-case hex SHA-512, quoted), Last-Modified, 304 for
 * a matching If-None-Match, and gzip when the client accepts it. The protobuf form is encoded on
 * first request.
 */
import { gzipSync } from 'node:zlib';
import { computeETag, content, type OpenAPIRequest, type OpenAPIResponse } from '../v3/service.js';
import type { OpenAPIV2Document } from './document.js';
import { encodeOpenAPIV2Document } from './protobuf.js';

export const openAPIV2Path = '/openapi/v2';

/** What kubectl and client-go send; upstream also answers the older `@v1.0` spelling. */
export const protobufMediaType = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';
const producible: ReadonlyArray<{ type: string; subtype: string; form: 'json' | 'protobuf'; contentType: string }> = [
  { type: 'application', subtype: 'json', form: 'json', contentType: 'application/json' },
  {
    type: 'application',
    subtype: 'com.github.proto-openapi.spec.v2@v1.0+protobuf',
    form: 'protobuf',
    contentType: protobufMediaType,
  },
  {
    type: 'application',
    subtype: 'com.github.proto-openapi.spec.v2.v1.0+protobuf',
    form: 'protobuf',
    contentType: protobufMediaType,
  },
];

/** Responses smaller than this go uncompressed (the gzip handler upstream wraps it in does the same). */
const gzipMinBytes = 1400;

interface Encoded {
  bytes: Uint8Array;
  gzipped?: Uint8Array;
}

export interface OpenAPIV2Service {
  serve(request: OpenAPIRequest): OpenAPIResponse;
}

export function newOpenAPIV2Service(document: OpenAPIV2Document, now = new Date()): OpenAPIV2Service {
  const json: Encoded = { bytes: Buffer.from(JSON.stringify(document)) };
  const etag = computeETag(json.bytes);
  let protobuf: Encoded | undefined;
  const lastModified = new Date(Math.floor(now.getTime() / 1000) * 1000);
  return {
    serve(request) {
      const chosen = negotiate(request.headers.accept);
      if (!chosen) return { status: 406, headers: { Vary: 'Accept' }, body: new Uint8Array(0) };
      const encoded = chosen.form === 'json' ? json : (protobuf ??= { bytes: encodeOpenAPIV2Document(document) });
      const headers: Record<string, string> = { 'Content-Type': chosen.contentType, Vary: 'Accept' };
      let bytes = encoded.bytes;
      if (bytes.length >= gzipMinBytes && acceptsGzip(request.headers['accept-encoding'])) {
        encoded.gzipped ??= gzipSync(encoded.bytes);
        bytes = encoded.gzipped;
        headers['Content-Encoding'] = 'gzip';
        headers.Vary = 'Accept, Accept-Encoding';
      }
      return content(request, { bytes, etag }, lastModified, headers);
    },
  };
}

interface AcceptClause {
  type: string;
  subtype: string;
  q: number;
}

/** The first producible form in the client's preference order (goautoneg's ordering: q, then specificity). */
function negotiate(accept: string | undefined) {
  const clauses = parseAccept(accept === undefined || accept.trim() === '' ? '*/*' : accept);
  for (const clause of clauses) {
    const match = producible.find(
      (p) =>
        (clause.type === '*' || clause.type === p.type) && (clause.subtype === '*' || clause.subtype === p.subtype),
    );
    if (match) return match;
  }
  return undefined;
}

function parseAccept(header: string): AcceptClause[] {
  const clauses: AcceptClause[] = [];
  for (const part of header.split(',')) {
    const [range = '', ...params] = part.split(';').map((s) => s.trim());
    const slash = range.indexOf('/');
    const type = slash < 0 ? range : range.slice(0, slash);
    const subtype = slash < 0 ? '*' : range.slice(slash + 1);
    const qParam = params.find((p) => p.startsWith('q='));
    const q = qParam === undefined ? 1 : Number(qParam.slice(2));
    if (type === '' || Number.isNaN(q) || q <= 0) continue;
    clauses.push({ type: type.toLowerCase(), subtype: subtype.toLowerCase(), q });
  }
  const wildcards = (c: AcceptClause) => (c.type === '*' ? 2 : c.subtype === '*' ? 1 : 0);
  return clauses.sort((a, b) => b.q - a.q || wildcards(a) - wildcards(b));
}

function acceptsGzip(header: string | undefined): boolean {
  if (!header) return false;
  return header.split(',').some((part) => {
    const [coding = '', ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    return (coding === 'gzip' || coding === '*') && (q === undefined || Number(q.slice(2)) > 0);
  });
}
