/**
 * A LIST without a limit is read page by page at one resourceVersion and streamed: what a client
 * receives must be exactly the list it asked for — every item once, the list's resourceVersion,
 * no paging fields — in every form that streams (plain, pretty, gzipped, metadata only, with a
 * selector).
 */
import { gunzipSync } from 'node:zlib';
import { Agent, request } from 'undici';
import { beforeAll, describe, expect, it } from 'vitest';
import { useAPIServer } from './support/apiserver.js';
import { rawRequest } from './support/raw-http.js';

const server = useAPIServer();
const collection = '/api/v1/namespaces/default/configmaps';
/** More than two of the server's 500-item pages. */
const total = 1234;

interface ListJSON {
  kind: string;
  metadata: { resourceVersion?: string; continue?: string; remainingItemCount?: number };
  items: Array<{ kind?: string; metadata: { name: string; labels?: Record<string, string> } }>;
}

beforeAll(async () => {
  const s = server();
  const agent = new Agent({
    connections: 16,
    connect: { ca: s.admin.ca, cert: s.admin.cert, key: s.admin.key },
  });
  try {
    let next = 0;
    const worker = async (): Promise<void> => {
      for (let i = next++; i < total; i = next++) {
        const res = await request(`${s.url}${collection}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({
            apiVersion: 'v1',
            kind: 'ConfigMap',
            metadata: { name: `cm-${i}`, labels: { parity: i % 2 === 0 ? 'even' : 'odd' } },
            data: { note: `ünïcødé 😀 ${'x'.repeat(i % 50)}` },
          }),
          dispatcher: agent,
        });
        await res.body.dump();
        if (res.statusCode !== 201) throw new Error(`create cm-${i}: HTTP ${res.statusCode}`);
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
  } finally {
    await agent.close();
  }
}, 120_000);

describe('an unlimited LIST', () => {
  it('holds every item once, at one resourceVersion, without paging fields', async () => {
    const res = await rawRequest(server(), 'GET', collection);
    expect(res.status).toBe(200);
    // Larger than what is written whole: it was streamed.
    expect(res.headers['transfer-encoding']).toBe('chunked');
    const list = JSON.parse(res.body.toString('utf8')) as ListJSON;
    expect(list.kind).toBe('ConfigMapList');
    expect(list.metadata.continue).toBeUndefined();
    expect(list.metadata.remainingItemCount).toBeUndefined();
    const names = list.items.map((i) => i.metadata.name);
    expect(new Set(names).size).toBe(total);
    // The same list, asked for whole at exactly that resourceVersion, gives the same bytes.
    const exact = await rawRequest(
      server(),
      'GET',
      `${collection}?resourceVersion=${list.metadata.resourceVersion}&resourceVersionMatch=Exact&limit=5000`,
    );
    expect(exact.body.toString('utf8')).toBe(res.body.toString('utf8'));
  });

  it('is the same when pretty, gzipped, metadata-only or selected', async () => {
    const plain = JSON.parse((await rawRequest(server(), 'GET', collection)).body.toString('utf8')) as ListJSON;
    const pretty = await rawRequest(server(), 'GET', `${collection}?pretty=true`);
    expect(pretty.body.toString('utf8')).toBe(`${JSON.stringify(plain, null, 2)}\n`);

    const zipped = await rawRequest(server(), 'GET', collection, { 'accept-encoding': 'gzip' });
    expect(zipped.headers['content-encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(zipped.body).toString('utf8'))).toEqual(plain);

    const metadata = await rawRequest(server(), 'GET', collection, {
      accept: 'application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io',
    });
    const partial = JSON.parse(metadata.body.toString('utf8')) as ListJSON;
    expect(partial.kind).toBe('PartialObjectMetadataList');
    expect(partial.items).toHaveLength(total);
    expect(partial.items.every((i) => i.kind === 'PartialObjectMetadata')).toBe(true);

    const odd = await rawRequest(server(), 'GET', `${collection}?labelSelector=parity%3Dodd`);
    const oddList = JSON.parse(odd.body.toString('utf8')) as ListJSON;
    expect(oddList.items).toHaveLength(Math.floor(total / 2));
    expect(oddList.items.every((i) => i.metadata.labels?.parity === 'odd')).toBe(true);
  });

  it('still pages when the client asks for a limit', async () => {
    const page = await server().request('GET', `${collection}?limit=700`);
    const list = page.json as ListJSON;
    expect(list.items).toHaveLength(700);
    expect(list.metadata.continue).toEqual(expect.any(String));
    expect(list.metadata.remainingItemCount).toBe(total - 700);
  });
});
