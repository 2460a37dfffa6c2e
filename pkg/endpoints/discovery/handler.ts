/**
 * Serving discovery documents: each is serialized once when installed (the catalog does not
 * change while serving), carries an ETag, and answers 304 to a matching If-None-Match. Aggregated
 * discovery is chosen by the Accept header exactly as kube-apiserver chooses it.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseAccept } from '../handlers/negotiation/negotiate.js';
import type { HandlerFunc } from '../../server/handler.js';
import type { AggregatedVersion } from './documents.js';

interface Prepared {
  body: Buffer;
  etag: string;
  contentType: string;
}

function prepare(doc: object, contentType: string): Prepared {
  const body = Buffer.from(JSON.stringify(doc));
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

/** A handler for a document with no aggregated form (APIGroup, APIResourceList). */
export function staticDocument(doc: object): HandlerFunc {
  const prepared = prepare(doc, 'application/json');
  return (req, res) => send(req, res, prepared);
}

/** A root document (/api, /apis) with its aggregated forms. */
export function rootDocument(legacy: object, aggregated: (version: AggregatedVersion) => object): HandlerFunc {
  const plain = prepare(legacy, 'application/json');
  const byVersion = {
    v2: prepare(aggregated('v2'), aggregatedContentType('v2')),
    v2beta1: prepare(aggregated('v2beta1'), aggregatedContentType('v2beta1')),
  };
  return (req, res) => {
    const version = wantsAggregated(req.headers.accept);
    send(req, res, version ? byVersion[version] : plain);
  };
}

function send(req: IncomingMessage, res: ServerResponse, doc: Prepared): void {
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
