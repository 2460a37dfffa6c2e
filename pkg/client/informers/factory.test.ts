import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from '../../labels/parse.js';
import { Clientset } from '../kubernetes/clientset.js';
import { configMaps, namespaces } from '../kubernetes/resources.js';
import { RESTClient } from '../rest/client.js';
import { newSharedInformerFactory } from './factory.js';

const servers: Server[] = [];
const clients: RESTClient[] = [];
const open: ServerResponse[] = [];
afterEach(async () => {
  for (const res of open.splice(0)) res.end();
  for (const c of clients.splice(0)) await c.close();
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

/** Lists answer with two config maps; watches stay open and silent. */
async function setup() {
  const requests: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '', 'http://x');
    requests.push(`${url.pathname}?${url.searchParams.toString()}`);
    res.writeHead(200, { 'content-type': 'application/json' });
    if (url.searchParams.get('watch') === 'true') {
      res.flushHeaders();
      open.push(res);
      return;
    }
    const item = (name: string, app: string) => ({ metadata: { name, namespace: 'team', labels: { app } } });
    res.end(
      JSON.stringify({
        apiVersion: 'v1',
        kind: url.pathname.endsWith('namespaces') ? 'NamespaceList' : 'ConfigMapList',
        metadata: { resourceVersion: '42' },
        items: url.pathname.endsWith('namespaces')
          ? [{ metadata: { name: 'team' } }]
          : [item('a', 'web'), item('b', 'db')],
      }),
    );
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const rest = new RESTClient(
    { host: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, tlsClientConfig: { insecure: false } },
    { rateLimiter: null },
  );
  clients.push(rest);
  return { cs: new Clientset(rest), requests };
}

describe('shared informer factory', () => {
  it('shares one informer per resource, scoped to its namespace and narrowed by tweakListOptions', async () => {
    const { cs, requests } = await setup();
    const factory = newSharedInformerFactory(cs, {
      namespace: 'team',
      tweakListOptions: (o) => ({ ...o, labelSelector: 'tier=1' }),
    });
    expect(factory.forResource(configMaps)).toBe(factory.forResource(configMaps));
    factory.forResource(namespaces);
    const abort = new AbortController();
    factory.start(abort.signal);
    const synced = await factory.waitForCacheSync(abort.signal);
    expect([...synced.entries()]).toEqual([
      ['v1/configmaps', true],
      ['v1/namespaces', true],
    ]);
    const deadline = Date.now() + 2000;
    while (requests.filter((r) => r.includes('watch=true')).length < 2 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(requests.sort()).toEqual([
      '/api/v1/namespaces/team/configmaps?labelSelector=tier%3D1&limit=500&resourceVersion=0',
      expect.stringMatching(
        /^\/api\/v1\/namespaces\/team\/configmaps\?labelSelector=tier%3D1&resourceVersion=42&timeoutSeconds=\d+&allowWatchBookmarks=true&watch=true$/,
      ),
      // Cluster-scoped: the factory's namespace does not apply.
      '/api/v1/namespaces?labelSelector=tier%3D1&limit=500&resourceVersion=0',
      expect.stringMatching(/^\/api\/v1\/namespaces\?labelSelector=tier%3D1&resourceVersion=42&/),
    ]);
    const lister = factory.lister(configMaps);
    expect(
      lister
        .namespace('team')
        .list(parse('app=web'))
        .map((o) => o.metadata.name),
    ).toEqual(['a']);
    expect(lister.namespace('team').get('b').metadata.labels).toEqual({ app: 'db' });
    abort.abort();
    await factory.shutdown();
    expect(factory.forResource(configMaps).isStopped()).toBe(true);
  });

  it('reports false for caches that did not sync before the signal aborted', async () => {
    const rest = new RESTClient({ host: 'http://127.0.0.1:9', tlsClientConfig: { insecure: false } });
    clients.push(rest);
    const factory = newSharedInformerFactory(new Clientset(rest));
    factory.forResource(configMaps).setWatchErrorHandler(() => {});
    const abort = new AbortController();
    factory.start(abort.signal);
    setTimeout(() => abort.abort(), 50);
    expect([...(await factory.waitForCacheSync(abort.signal)).values()]).toEqual([false]);
    await factory.shutdown();
  });
});
