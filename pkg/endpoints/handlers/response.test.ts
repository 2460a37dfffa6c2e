import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { StreamingListWriter, type ListBody } from './response.js';

const json = { mediaType: 'application/json', form: 'object' } as const;

/** Serves `envelope` once, its items handed to a StreamingListWriter in `pages`; returns the raw answer. */
async function serveList(
  envelope: ListBody,
  pages: unknown[][],
  path = '/',
  headers: Record<string, string> = {},
): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> {
  const server: Server = createServer((req, res) => {
    const writer = new StreamingListWriter(req, res, json, envelope, new AbortController().signal);
    void (async () => {
      for (const page of pages) {
        writer.add(page);
        await writer.flush();
      }
      await writer.end();
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  try {
    return await new Promise((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
      });
      req.on('error', reject);
      req.end();
    });
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

function configMaps(from: number, count: number): unknown[] {
  return Array.from({ length: count }, (_, i) => ({
    // Astral characters (two UTF-16 units each) at odd offsets: chunk boundaries must not split them.
    metadata: { name: `cm-${from + i}`, labels: { app: 'x', quote: 'a"b' }, annotations: { note: '😀'.repeat(i % 7) } },
    data: { 'config.yaml': 'k: v\n'.repeat(20), empty: '' },
  }));
}

describe('StreamingListWriter', () => {
  it('writes a small list whole, with a Content-Length, exactly as JSON.stringify would', async () => {
    const items = configMaps(0, 3);
    const envelope = { apiVersion: 'v1', kind: 'ConfigMapList', metadata: { resourceVersion: '7' }, items: [] };
    const res = await serveList(envelope, [items.slice(0, 2), items.slice(2)]);
    expect(res.headers['content-length']).toBe(String(res.body.length));
    expect(res.body.toString()).toBe(JSON.stringify({ ...envelope, items }));
  });

  it('streams a large list in chunks, byte for byte the same as the whole list, plain and pretty', async () => {
    const pages = [configMaps(0, 500), configMaps(500, 500), configMaps(1000, 120)];
    const envelope = { kind: 'ConfigMapList', apiVersion: 'v1', metadata: { resourceVersion: '42' }, items: [] };
    const whole = { ...envelope, items: pages.flat() };
    const plain = await serveList(envelope, pages);
    expect(plain.headers['content-length']).toBeUndefined();
    expect(plain.headers['transfer-encoding']).toBe('chunked');
    expect(plain.body.toString()).toBe(JSON.stringify(whole));
    const pretty = await serveList(envelope, pages, '/?pretty=true');
    expect(pretty.body.toString()).toBe(`${JSON.stringify(whole, null, 2)}\n`);
  });

  it('never splits a character across chunks', async () => {
    // The item's text starts with a quote, so every high surrogate sits at an odd offset — as does
    // the last character of the first 64 Ki-character chunk.
    const items = ['😀'.repeat(100_000), 'é'.repeat(70_000)];
    const envelope = { kind: 'List', items: [] };
    const res = await serveList(envelope, [items]);
    expect(res.body.toString()).toBe(JSON.stringify({ ...envelope, items }));
  });

  it('stops writing, without an error, once the request is aborted', async () => {
    const server = createServer((req, res) => {
      const aborted = new AbortController();
      const writer = new StreamingListWriter(req, res, json, { kind: 'List', items: [] }, aborted.signal);
      writer.add(configMaps(0, 1000));
      aborted.abort(new Error('client disconnected'));
      void writer.flush().then((more) => res.end(`more: ${more}, headers sent: ${res.headersSent}`));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as AddressInfo).port;
      const res = await fetch(`http://127.0.0.1:${port}/`);
      expect(await res.text()).toBe('more: false, headers sent: false');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('gzips a streamed list for a client that accepts it', async () => {
    const pages = [configMaps(0, 500), configMaps(500, 500)];
    const envelope = { kind: 'List', apiVersion: 'v1', metadata: {}, items: [] };
    const res = await serveList(envelope, pages, '/', { 'accept-encoding': 'gzip' });
    expect(res.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(res.body).toString()).toBe(JSON.stringify({ ...envelope, items: pages.flat() }));
  });

  it('keeps keys after the items and leaves undefined ones out, as JSON.stringify does', async () => {
    const envelope = { kind: 'X', missing: undefined, items: [], after: { a: [1, 2] } };
    for (const [pages, path] of [
      [[], '/'],
      [[[{ a: 1 }], [], [undefined, { b: [] }]], '/?pretty=1'],
      [[[{ a: 1 }], [], [undefined, { b: {} }]], '/'],
      [[[]], '/?pretty=true'],
    ] as const) {
      const res = await serveList(
        envelope,
        pages.map((p) => [...p]),
        path,
      );
      const whole = { ...envelope, items: pages.flat() };
      expect(res.body.toString()).toBe(path === '/' ? JSON.stringify(whole) : `${JSON.stringify(whole, null, 2)}\n`);
    }
  });
});
