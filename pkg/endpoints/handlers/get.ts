/**
 * GET of one object and LIST of a collection (mirrors apiserver's handlers/get.go). A list whose
 * query says `watch` is handed to the watch handler.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { KubeList } from '../../apis/meta/v1/types.js';
import type { RESTListOptions } from '../../registry/rest/rest.js';
import { negotiateOutput, type Negotiated } from './negotiation/negotiate.js';
import { isListBody, StreamingListWriter, transformObject, writeNegotiated, type ListBody } from './response.js';
import { contextOf, listOptionsFrom, requireVerb, type RequestScope } from './rest.js';
import { serveWatch } from './watch.js';

/**
 * Items read per page when a client lists without a limit (client-go's pager uses the same size).
 * A list is then held one page at a time while it streams out, whatever the collection's size.
 */
export const listPageSize = 500;

export async function getResource(scope: RequestScope, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const ctx = contextOf(req);
  const negotiated = negotiateOutput(req.headers.accept, false);
  const get = requireVerb(scope, 'get');
  const rv = ctx.query.get('resourceVersion');
  const obj = await get(ctx, ctx.requestInfo.name, rv ? { resourceVersion: rv } : {});
  writeNegotiated(req, res, 200, transformObject(obj, scope, ctx, negotiated, ctx.query), negotiated);
}

export async function listResource(scope: RequestScope, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const ctx = contextOf(req);
  if (ctx.requestInfo.verb === 'watch') return serveWatch(scope, req, res);
  const negotiated = negotiateOutput(req.headers.accept, true);
  const list = requireVerb(scope, 'list');
  const options = listOptionsFrom(ctx.query);
  const transform = (result: KubeList): unknown => transformObject(result, scope, ctx, negotiated, ctx.query);
  if (!streamable(negotiated)) {
    writeNegotiated(req, res, 200, transform(await list(ctx, options)), negotiated);
    return;
  }
  // Without a limit the client wants everything: read it page by page at one resourceVersion (the
  // continue token pins it), each page serialized and written out before the next is read.
  const paging = options.limit === undefined;
  const started = await startList(paging ? firstPageOptions(options) : options);
  if (!started) return;
  const { writer } = started;
  let next = paging ? started.next : undefined;
  if (!(await writer.flush())) return;
  while (next) {
    next = await addPage(writer, { ...selectorsOf(options), limit: listPageSize, continue: next });
    if (!(await writer.flush())) return;
  }
  await writer.end();

  // Reading a page happens in these helpers so that no variable of the loop above keeps a page's
  // objects alive while its bytes are being written.
  async function startList(
    first: RESTListOptions,
  ): Promise<{ writer: StreamingListWriter; next?: string } | undefined> {
    const result = await list(ctx, first);
    const body = transform(result);
    if (!isListBody(body)) {
      writeNegotiated(req, res, 200, body, negotiated);
      return undefined;
    }
    const writer = new StreamingListWriter(req, res, negotiated, paging ? wholeListEnvelope(body) : body, ctx.signal);
    writer.add(body.items);
    return result.metadata.continue ? { writer, next: result.metadata.continue } : { writer };
  }

  async function addPage(writer: StreamingListWriter, page: RESTListOptions): Promise<string | undefined> {
    const result = await list(ctx, page);
    const body = transform(result);
    if (isListBody(body)) writer.add(body.items);
    return result.metadata.continue;
  }
}

/** Tables and YAML are built whole; JSON objects and metadata-only lists stream. */
function streamable(negotiated: Negotiated): boolean {
  return negotiated.mediaType === 'application/json' && negotiated.form !== 'Table';
}

/**
 * The first page of a list the client did not limit. A resourceVersion without a match rule
 * means "not older than" for an unlimited list but "exactly" for a limited one; the client asked
 * for the former.
 */
function firstPageOptions(options: RESTListOptions): RESTListOptions {
  const legacyVersion =
    options.resourceVersion !== undefined && options.resourceVersion !== '' && options.resourceVersion !== '0';
  return {
    ...options,
    limit: listPageSize,
    ...(legacyVersion && options.resourceVersionMatch === undefined ? { resourceVersionMatch: 'NotOlderThan' } : {}),
  };
}

/** The selectors every further page repeats; a continue token carries the rest. */
function selectorsOf(options: RESTListOptions): RESTListOptions {
  return {
    ...(options.labelSelector ? { labelSelector: options.labelSelector } : {}),
    ...(options.fieldSelector ? { fieldSelector: options.fieldSelector } : {}),
  };
}

/** The envelope of the whole list: the first page's, without the paging fields the client never asked for. */
function wholeListEnvelope(body: ListBody): ListBody {
  const metadata = body.metadata;
  if (typeof metadata !== 'object' || metadata === null) return body;
  const { continue: _continue, remainingItemCount: _remaining, ...ctx } = metadata as Record<string, unknown>;
  return { ...body, metadata: ctx };
}
