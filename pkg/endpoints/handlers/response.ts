/**
 * Writing API objects in the form the client negotiated (mirrors apiserver's handlers/response.go
 * transformObject + responsewriters.WriteObjectNegotiated): the object itself, a server-side
 * printed Table, or PartialObjectMetadata(List); as JSON or YAML; gzipped when large and asked for.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';
import { createGzip, gzipSync } from 'node:zlib';
import { stringify as stringifyYAML } from 'yaml';
import type { KubeList, KubeObject, Status } from '../../apis/meta/v1/types.js';
import { defaultTableConvertor, isList, type IncludeObjectPolicy } from '../../registry/rest/table.js';
import type { RequestContext } from '../request/context.js';
import { newBadRequest } from '../../api/errors/errors.js';
import type { Negotiated } from './negotiation/negotiate.js';
import { isPretty } from '../request/context.js';
import type { RequestScope } from './rest.js';

/** Upstream compresses responses above 128 KiB when the client accepts gzip. */
const gzipThreshold = 128 * 1024;

/** The body to send for `obj` in the negotiated form. */
export function transformObject(
  obj: KubeObject | KubeList | Status,
  scope: RequestScope,
  ctx: RequestContext,
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
  writeBytes(req, res, code, Buffer.from(text), negotiated);
}

/** Writes a serialized body with a Content-Length, gzipped when large and the client accepts it. */
function writeBytes(
  req: IncomingMessage,
  res: ServerResponse,
  code: number,
  body: Buffer,
  negotiated: Negotiated,
): void {
  if (res.writableEnded) return;
  let bytes = body;
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

/** The JSON body of a list in any form: its items plus the envelope around them (kind, metadata…). */
export interface ListBody {
  items: unknown[];
  [key: string]: unknown;
}

export function isListBody(body: unknown): body is ListBody {
  return typeof body === 'object' && body !== null && Array.isArray((body as { items?: unknown }).items);
}

/** Characters of JSON encoded and written out as one chunk: well below V8's large-object size. */
const streamChunkLength = 64 * 1024;

/**
 * Writes a JSON list whose items come in pages (mirrors upstream's streaming collection encoding
 * for JSON): the envelope first, then each page's items. A page is serialized and encoded as
 * soon as it is added — its objects can go at once — and written out in chunks, each waiting for
 * the socket to take the last, so what a list holds at any time is about one page of JSON: not
 * the whole list as objects, one giant string and its encoded copy. The bytes are exactly what
 * JSON.stringify of the whole list (pretty or not) would give.
 *
 * Up to the gzip threshold nothing is sent, and a list that ends within it is written whole with
 * a Content-Length, as before; past it the headers go out and the rest is chunked (gzipped when
 * the client accepts it). Once the headers are out a failure can only cut the connection; a
 * client that goes away (or a request that times out) just ends the writing.
 */
export class StreamingListWriter {
  private readonly pretty: boolean;
  private readonly tail: string;
  /** Encoded chunks not yet written. */
  private chunks: Buffer[] = [];
  private chunksLength = 0;
  /** Serialized text not yet encoded: the chunk being filled (its length in characters, close enough to bytes for the thresholds). */
  private parts: string[] = [];
  private partsLength = 0;
  private count = 0;
  /** Where bytes go once streaming: the response, or a gzip stream piped into it. */
  private out: Writable | undefined;

  constructor(
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly negotiated: Negotiated,
    envelope: ListBody,
    private readonly signal: AbortSignal,
  ) {
    this.pretty = isPretty(req);
    const [head, tail] = envelopeAround(envelope, this.pretty);
    this.tail = tail;
    this.push(head);
  }

  /** Serializes and encodes `items` now (their objects are not needed after this); nothing is written until flush(). */
  add(items: readonly unknown[]): void {
    for (const item of items) {
      // As inside an array, where JSON.stringify writes null for what has no JSON form.
      const json = item === undefined ? 'null' : this.pretty ? JSON.stringify(item, null, 2) : JSON.stringify(item);
      const text = this.pretty ? json.replaceAll('\n', '\n    ') : json;
      const separator = this.pretty ? (this.count === 0 ? '\n    ' : ',\n    ') : this.count === 0 ? '' : ',';
      this.count++;
      this.push(separator + text);
    }
  }

  /**
   * Writes what has been added, a chunk at a time as the client takes it; below the threshold it
   * waits for more. False once the client is gone (or the request timed out): stop there.
   */
  async flush(): Promise<boolean> {
    if (this.gone()) return false;
    if (this.out === undefined) {
      if (this.chunksLength + this.partsLength < gzipThreshold) return true;
      this.out = this.startStreaming();
    }
    this.seal();
    for (let chunk = this.chunks.shift(); chunk !== undefined; chunk = this.chunks.shift()) {
      this.chunksLength -= chunk.length;
      if (!this.out.write(chunk)) await drained(this.out, this.res, this.signal);
      if (this.gone()) return false;
    }
    return true;
  }

  /** Closes the list: written whole if it never reached the threshold, else the last chunks and the end. */
  async end(): Promise<void> {
    this.push(this.pretty && this.count > 0 ? `\n  ${this.tail}` : this.tail);
    if (this.out === undefined) {
      this.seal();
      const body = Buffer.concat(this.chunks);
      this.chunks = [];
      writeBytes(this.req, this.res, 200, body, this.negotiated);
      return;
    }
    if (!(await this.flush())) return;
    const out = this.out;
    await new Promise<void>((resolve) => {
      this.res.once('close', resolve);
      out.end(resolve);
    });
  }

  private gone(): boolean {
    return this.res.destroyed || this.signal.aborted;
  }

  private push(text: string): void {
    this.parts.push(text);
    this.partsLength += text.length;
    if (this.partsLength >= streamChunkLength) this.seal();
  }

  /**
   * Encodes the parts gathered so far into one chunk. Text is kept in small pieces and encoded
   * at once: short-lived small strings are the cheapest garbage there is, where a page-sized
   * string would sit in the large-object space until a full collection.
   */
  private seal(): void {
    if (this.parts.length === 0) return;
    const chunk = Buffer.from(this.parts.join(''));
    this.parts = [];
    this.partsLength = 0;
    this.chunks.push(chunk);
    this.chunksLength += chunk.length;
  }

  private startStreaming(): Writable {
    const { res } = this;
    res.statusCode = 200;
    res.setHeader('Content-Type', this.negotiated.mediaType);
    if (!acceptsGzip(this.req)) return res;
    res.setHeader('Content-Encoding', 'gzip');
    res.setHeader('Vary', 'Accept-Encoding');
    const gzip = createGzip({ level: 1 });
    gzip.pipe(res);
    res.once('close', () => gzip.destroy());
    return gzip;
  }
}

/**
 * The text before and after a list's items: `{"kind":…,"items":[` and `]}`, or the same laid out
 * as JSON.stringify(list, null, 2) lays it out. Keys keep their order; undefined values are left
 * out, as JSON.stringify leaves them out.
 */
function envelopeAround(envelope: ListBody, pretty: boolean): [string, string] {
  const before: string[] = [];
  const after: string[] = [];
  let seenItems = false;
  for (const [key, value] of Object.entries(envelope)) {
    if (key === 'items') {
      seenItems = true;
      continue;
    }
    if (value === undefined) continue;
    const text = pretty
      ? `${JSON.stringify(key)}: ${JSON.stringify(value, null, 2).replaceAll('\n', '\n  ')}`
      : `${JSON.stringify(key)}:${JSON.stringify(value)}`;
    (seenItems ? after : before).push(text);
  }
  if (!pretty) return [`{${[...before, '"items":['].join(',')}`, `]${after.map((a) => `,${a}`).join('')}}`];
  return [
    `{\n${[...before, '"items": ['].map((line) => `  ${line}`).join(',\n')}`,
    `]${after.map((a) => `,\n  ${a}`).join('')}\n}\n`,
  ];
}

/** Waits until `out` takes more data, or the response is gone. */
function drained(out: Writable, res: ServerResponse, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      out.off('drain', done);
      res.off('close', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    out.once('drain', done);
    res.once('close', done);
    signal.addEventListener('abort', done, { once: true });
  });
}
