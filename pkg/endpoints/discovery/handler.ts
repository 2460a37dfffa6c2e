/**
 * Serving discovery documents: each is serialized once per catalog revision (rebuilt on the first
 * request after the catalog changed), carries an ETag, and answers 304 to a matching
 * If-None-Match. Aggregated discovery is chosen by the Accept header exactly as kube-apiserver
 * chooses it.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HandlerFunc } from '../../server/mux/mux.js';
import { parseAccept } from '../handlers/negotiation/negotiate.js';
import type { AggregatedVersion } from './documents.js';

export interface PreparedDocument {
  body: Buffer;
  etag: string;
  contentType: string;
}

export function prepareDocument(doc: object, contentType = 'application/json'): PreparedDocument {
  // Newline-terminated, as upstream's JSON encoder writes every document.
  const body = Buffer.from(`${JSON.stringify(doc)}\n`);
  return { body, etag: `"${createHash('sha512').update(body).digest('hex').slice(0, 64)}"`, contentType };
}

function aggregatedContentType(version: AggregatedVersion): string {
  return `application/json;g=apidiscovery.k8s.io;v=${version};as=APIGroupDiscoveryList`;
}

/** Which aggregated version the client asked for, if any (the first acceptable in its preference order). */
export function wantsAggregated(accept: string | undefined): AggregatedVersion | undefined {
  if (!accept) return undefined;
  for (const range of parseAccept(accept)) {
    if (range.params.get('g') === 'apidiscovery.k8s.io' && range.params.get('as') === 'APIGroupDiscoveryList') {
      const v = range.params.get('v');
      if (v === 'v2' || v === 'v2beta1') return v;
    }
    if (!range.params.has('as') && (range.type === 'application/json' || range.type === '*/*')) return undefined;
  }
  return undefined;
}

/**
 * Memoizes a value per revision: `get()` rebuilds it when `revision()` moved since the last build.
 * Discovery and OpenAPI documents are built from the catalog this way.
 */
export function perRevision<T>(revision: () => number, build: () => T): () => T {
  let cached: { revision: number; value: T } | undefined;
  return () => {
    const current = revision();
    if (cached?.revision !== current) cached = { revision: current, value: build() };
    return cached.value;
  };
}

/**
 * A root document (/api, /apis) with its aggregated forms, rebuilt when `revision()` moves.
 * `legacy` is the APIVersions or APIGroupList; `aggregated` the APIGroupDiscoveryList.
 */
export function rootDocument(
  revision: () => number,
  legacy: () => object,
  aggregated: (version: AggregatedVersion) => object,
): HandlerFunc {
  const documents = perRevision(revision, () => ({
    plain: prepareDocument(legacy()),
    v2: prepareDocument(aggregated('v2'), aggregatedContentType('v2')),
    v2beta1: prepareDocument(aggregated('v2beta1'), aggregatedContentType('v2beta1')),
  }));
  return (req, res) => {
    const version = wantsAggregated(req.headers.accept);
    const docs = documents();
    sendDocument(req, res, version ? docs[version] : docs.plain);
  };
}

export function sendDocument(req: IncomingMessage, res: ServerResponse, doc: PreparedDocument): void {
  res.setHeader('ETag', doc.etag);
  res.setHeader('Vary', 'Accept');
  if (req.headers['if-none-match'] === doc.etag) {
    res.statusCode = 304;
    res.end();
    return;
  }
  res.statusCode = 200;
  res.setHeader('Content-Type', doc.contentType);
  res.setHeader('Content-Length', doc.body.length);
  res.end(doc.body);
}
