/**
 * Writing API objects in the form the client negotiated (mirrors apiserver's handlers/response.go
 * transformObject + responsewriters.WriteObjectNegotiated): the object itself, a server-side
 * printed Table, or PartialObjectMetadata(List); as JSON or YAML; gzipped when large and asked for.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { stringify as stringifyYAML } from 'yaml';
import type { KubeList, KubeObject, Status } from '../../apis/meta/v1/types.js';
import { defaultTableConvertor, isList, type IncludeObjectPolicy } from '../../registry/rest/table.js';
import type { RequestContext as RESTContext } from '../../registry/rest/context.js';
import { newBadRequest } from '../../api/errors/errors.js';
import type { Negotiated } from './negotiation/negotiate.js';
import { isPretty } from './responsewriters/writers.js';
import type { RequestScope } from './rest.js';

/** Upstream compresses responses above 128 KiB when the client accepts gzip. */
const gzipThreshold = 128 * 1024;

/** The body to send for `obj` in the negotiated form. */
export function transformObject(
  obj: KubeObject | KubeList | Status,
  scope: RequestScope,
  ctx: RESTContext,
  negotiated: Negotiated,
  query: URLSearchParams,
): unknown {
  if (obj.kind === 'Status') return obj;
  switch (negotiated.form) {
    case 'object':
      return obj;
    case 'Table': {
      const convert = scope.storage.convertToTable?.bind(scope.storage) ?? defaultTableConvertor.convertToTable;
      return convert(ctx, obj as KubeObject | KubeList, { includeObject: includeObjectPolicy(query) });
    }
    case 'PartialObjectMetadata':
      return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: (obj as KubeObject).metadata };
    case 'PartialObjectMetadataList': {
      const list = obj as KubeList;
      return {
        kind: 'PartialObjectMetadataList',
        apiVersion: 'meta.k8s.io/v1',
        metadata: list.metadata,
        items: isList(list)
          ? list.items.map((item) => ({
              kind: 'PartialObjectMetadata',
              apiVersion: 'meta.k8s.io/v1',
              metadata: item.metadata,
            }))
          : [],
      };
    }
  }
}

function includeObjectPolicy(query: URLSearchParams): IncludeObjectPolicy {
  const value = query.get('includeObject');
  if (value === null || value === '') return 'Metadata';
  if (value === 'None' || value === 'Metadata' || value === 'Object') return value;
  throw newBadRequest(
    `Unable to convert to Table as requested: includeObject: Invalid value: ${JSON.stringify(value)}: must be 'Metadata', 'Object', 'None', or empty`,
  );
}

/** Serializes `body` as negotiated and writes it with `code`. */
export function writeNegotiated(
  req: IncomingMessage,
  res: ServerResponse,
  code: number,
  body: unknown,
  negotiated: Negotiated,
): void {
  if (res.writableEnded) return;
  let text: string;
  // YAML 1.1 rules, as Go's YAML writer follows: strings that read as timestamps, booleans (yes/no)
  // or numbers are quoted, so YAML 1.1 parsers get the strings back.
  if (negotiated.mediaType === 'application/yaml') text = stringifyYAML(body, { version: '1.1' });
  else text = isPretty(req) ? `${JSON.stringify(body, null, 2)}\n` : JSON.stringify(body);
  let bytes = Buffer.from(text);
  res.statusCode = code;
  res.setHeader('Content-Type', negotiated.mediaType);
  if (bytes.length > gzipThreshold && acceptsGzip(req)) {
    bytes = gzipSync(bytes, { level: 1 });
    res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Vary', 'Accept-Encoding');
  }
  res.setHeader('Content-Length', bytes.length);
  res.end(bytes);
}

function acceptsGzip(req: IncomingMessage): boolean {
  const header = req.headers['accept-encoding'];
  return typeof header === 'string' && /(^|,)\s*gzip\s*(;|,|$)/.test(header);
}
