import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../apis/meta/v1/types.js';
import { configMaps, deployments, namespaces } from '../kubernetes/resources.js';
import { Clientset } from '../kubernetes/clientset.js';
import { RESTClient } from './client.js';
import { resourcePath } from './resource.js';

const servers: Server[] = [];
const clients: RESTClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

interface Seen {
  method: string;
  url: string;
  contentType: string | undefined;
  body: unknown;
}

/** A server that answers every request with `answer` (JSON) and records it. */
async function setup(answer: (req: IncomingMessage) => unknown = () => ({ metadata: {} })) {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let text = '';
    req.on('data', (c: Buffer) => {
      text += c.toString();
    });
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        contentType: req.headers['content-type'],
        body: text ? JSON.parse(text) : undefined,
      });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer(req)));
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const rest = new RESTClient(
    { host: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, tlsClientConfig: { insecure: false } },
    { rateLimiter: null },
  );
  clients.push(rest);
  return { cs: new Clientset(rest), seen };
}

describe('resource paths', () => {
  it('are /api/v1 for the core group and /apis/{group}/{version} otherwise, escaping names', () => {
    expect(resourcePath(configMaps, 'ns', 'a b')).toBe('/api/v1/namespaces/ns/configmaps/a%20b');
    expect(resourcePath(deployments, 'ns', 'web', 'scale')).toBe('/apis/apps/v1/namespaces/ns/deployments/web/scale');
    expect(resourcePath(namespaces, undefined)).toBe('/api/v1/namespaces');
    expect(() => resourcePath(configMaps, 'ns', '')).toThrow('resource name may not be empty');
  });
});

describe('ResourceClient verbs', () => {
  it('send the methods, paths, queries and bodies the apiserver expects', async () => {
    const { cs, seen } = await setup();
    const cms = cs.resource(configMaps).namespace('ns');
    const obj: KubeObject = { metadata: { name: 'a' } };
    await cms.get('a', { resourceVersion: '0' });
    await cms.list({
      labelSelector: 'app=x',
      fieldSelector: '',
      limit: 5,
      continue: 'tok',
      resourceVersionMatch: 'Exact',
    });
    await cms.create(obj, { dryRun: true, fieldManager: 'me', fieldValidation: 'Strict' });
    await cms.update(obj);
    await cs.resource(deployments).namespace('ns').updateStatus(obj);
    await cms.patch('a', 'json', [{ op: 'add', path: '/data', value: {} }]);
    await cms.patch('a', 'merge', { data: {} });
    await cms.patch('a', 'strategic', { data: {} }, { subresource: 'status' });
    await cms.apply(
      { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } },
      { fieldManager: 'me', force: true },
    );
    await cms.delete('a', { propagationPolicy: 'Foreground', preconditions: { uid: 'u' }, dryRun: true });
    await cms.deleteCollection({ gracePeriodSeconds: 0 }, { labelSelector: 'app=x' });
    expect(seen.map((s) => `${s.method} ${s.url} ${s.contentType ?? '-'}`)).toEqual([
      'GET /api/v1/namespaces/ns/configmaps/a?resourceVersion=0 -',
      'GET /api/v1/namespaces/ns/configmaps?labelSelector=app%3Dx&limit=5&continue=tok&resourceVersionMatch=Exact -',
      'POST /api/v1/namespaces/ns/configmaps?dryRun=All&fieldManager=me&fieldValidation=Strict application/json',
      'PUT /api/v1/namespaces/ns/configmaps/a application/json',
      'PUT /apis/apps/v1/namespaces/ns/deployments/a/status application/json',
      'PATCH /api/v1/namespaces/ns/configmaps/a application/json-patch+json',
      'PATCH /api/v1/namespaces/ns/configmaps/a application/merge-patch+json',
      'PATCH /api/v1/namespaces/ns/configmaps/a/status application/strategic-merge-patch+json',
      'PATCH /api/v1/namespaces/ns/configmaps/a?fieldManager=me&force=true application/apply-patch+yaml',
      'DELETE /api/v1/namespaces/ns/configmaps/a application/json',
      'DELETE /api/v1/namespaces/ns/configmaps?labelSelector=app%3Dx application/json',
    ]);
    expect(seen[9]?.body).toEqual({
      kind: 'DeleteOptions',
      apiVersion: 'v1',
      propagationPolicy: 'Foreground',
      preconditions: { uid: 'u' },
      dryRun: ['All'],
    });
    expect(seen[10]?.body).toEqual({ kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0 });
  });

  it('refuses calls the server could only reject', async () => {
    const { cs } = await setup();
    const cms = cs.resource(configMaps).namespace('ns');
    expect(() => cms.patch('a', 'apply', {})).toThrow('fieldManager is required for apply patch');
    expect(() => cms.update({ metadata: {} })).toThrow('update needs metadata.name');
    expect(() => cs.resource(namespaces).namespace('x')).toThrow(
      'namespaces is not namespaced: it cannot be scoped to namespace x',
    );
  });

  it('gives list items the apiVersion and kind of their list', async () => {
    const { cs } = await setup(() => ({
      apiVersion: 'apps/v1',
      kind: 'DeploymentList',
      metadata: { resourceVersion: '5' },
      items: [{ metadata: { name: 'a' } }, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'b' } }],
    }));
    const list = await cs.resource(deployments).list();
    expect(list.items.map((i) => `${i.apiVersion} ${i.kind} ${i.metadata.name}`)).toEqual([
      'apps/v1 Deployment a',
      'apps/v1 Deployment b',
    ]);
  });
});
