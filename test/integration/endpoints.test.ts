/**
 * The HTTP layer over a real generic Store: routing, verbs, status codes, negotiation and watch,
 * in process (no child process), with the registry's configmap- and namespace-shaped fixtures.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  newBackend,
  newConfigMapStore,
  newNamespaceStore,
} from '../../pkg/registry/generic/registry/testing/fixtures.js';
import { newTestServer, type TestServer } from './support/generic-server.js';

let t: TestServer;
let backend: ReturnType<typeof newBackend>;

beforeAll(async () => {
  t = await newTestServer();
  backend = newBackend();
  t.server.installAPIGroups(
    [
      {
        group: '',
        versions: [
          {
            version: 'v1',
            resources: [
              {
                resource: 'configmaps',
                singularName: 'configmap',
                kind: 'ConfigMap',
                namespaced: true,
                shortNames: ['cm'],
                storage: newConfigMapStore(backend),
              },
              {
                resource: 'namespaces',
                singularName: 'namespace',
                kind: 'Namespace',
                namespaced: false,
                shortNames: ['ns'],
                storage: newNamespaceStore(backend),
              },
            ],
          },
        ],
      },
    ],
    { groupPriority: () => 1000 },
  );
  t.start();
});
afterAll(() => t?.stop());

const cm = (name: string, data: Record<string, string> = { a: 'b' }) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name },
  data,
});
const base = '/api/v1/namespaces/default/configmaps';

describe('REST verbs', () => {
  it('serves the group version discovery document', async () => {
    const res = await t.request('GET', '/api/v1');
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ kind: 'APIResourceList', groupVersion: 'v1' });
    const names = (res.json as { resources: Array<{ name: string; verbs: string[] }> }).resources;
    expect(names.find((r) => r.name === 'configmaps')?.verbs).toEqual([
      'create',
      'delete',
      'deletecollection',
      'get',
      'list',
      'patch',
      'update',
      'watch',
    ]);
  });

  it('creates (201), gets, conflicts on a stale resourceVersion (409), updates (200)', async () => {
    const created = await t.request('POST', base, { body: cm('one') });
    expect(created.status, created.text).toBe(201);
    const obj = created.json as { metadata: { resourceVersion: string; uid: string } };
    expect(obj.metadata.uid).toBeTruthy();
    const again = await t.request('POST', base, { body: cm('one') });
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ reason: 'AlreadyExists', message: 'configmaps "one" already exists' });
    const got = await t.request('GET', `${base}/one`);
    expect(got.json).toMatchObject({ kind: 'ConfigMap', data: { a: 'b' } });
    const updated = await t.request('PUT', `${base}/one`, {
      body: { ...cm('one', { a: 'c' }), metadata: { name: 'one', resourceVersion: obj.metadata.resourceVersion } },
    });
    expect(updated.status, updated.text).toBe(200);
    const stale = await t.request('PUT', `${base}/one`, {
      body: { ...cm('one', { a: 'd' }), metadata: { name: 'one', resourceVersion: obj.metadata.resourceVersion } },
    });
    expect(stale.status).toBe(409);
    expect(stale.json).toMatchObject({
      reason: 'Conflict',
      message:
        'Operation cannot be fulfilled on configmaps "one": the object has been modified; please apply your changes to the latest version and try again',
    });
  });

  it('answers 404 NotFound with upstream wording', async () => {
    const res = await t.request('GET', `${base}/missing`);
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({
      kind: 'Status',
      reason: 'NotFound',
      message: 'configmaps "missing" not found',
      details: { name: 'missing', kind: 'configmaps' },
    });
  });

  it('rejects malformed bodies and mismatched names with 400', async () => {
    const bad = await t.request('POST', base, { body: '{"apiVersion": "v1", "kind": ' });
    expect(bad.status).toBe(400);
    expect(bad.json).toMatchObject({ reason: 'BadRequest' });
    const wrongKind = await t.request('POST', base, {
      body: { apiVersion: 'apps/v1', kind: 'ConfigMap', metadata: { name: 'x' } },
    });
    expect(wrongKind.status).toBe(400);
    const mismatch = await t.request('PUT', `${base}/one`, { body: cm('two') });
    expect(mismatch.status).toBe(400);
    expect((mismatch.json as { message: string }).message).toBe(
      'the name of the object (two) does not match the name on the URL (one)',
    );
  });

  it('patches with merge patch and JSON patch; strategic merge patch for built-in kinds; server-side apply is 415', async () => {
    const merge = await t.request('PATCH', `${base}/one`, {
      body: { metadata: { labels: { x: 'y' } } },
      headers: { 'content-type': 'application/merge-patch+json' },
    });
    expect(merge.status, merge.text).toBe(200);
    expect(merge.json).toMatchObject({ metadata: { labels: { x: 'y' } } });
    const json = await t.request('PATCH', `${base}/one`, {
      body: [{ op: 'test', path: '/data/a', value: 'nope' }],
      headers: { 'content-type': 'application/json-patch+json' },
    });
    expect(json.status).toBe(422);
    const smp = await t.request('PATCH', `${base}/one`, {
      body: { metadata: { labels: { s: 'm' } } },
      headers: { 'content-type': 'application/strategic-merge-patch+json' },
    });
    expect(smp.status, smp.text).toBe(200);
    expect(smp.json).toMatchObject({ metadata: { labels: { x: 'y', s: 'm' } } });
    const ssa = await t.request('PATCH', `${base}/one`, {
      body: {},
      headers: { 'content-type': 'application/apply-patch+yaml' },
    });
    expect(ssa.status).toBe(415);
    const missing = await t.request('PATCH', `${base}/nope`, {
      body: {},
      headers: { 'content-type': 'application/merge-patch+json' },
    });
    expect(missing.status).toBe(404);
  });

  it('lists with selectors and pages with continue', async () => {
    for (const n of ['p1', 'p2', 'p3'])
      await t.request('POST', base, { body: { ...cm(n), metadata: { name: n, labels: { page: 'yes' } } } });
    const first = await t.request('GET', `${base}?labelSelector=page%3Dyes&limit=2`);
    const list = first.json as { items: unknown[]; metadata: { continue?: string } };
    expect(list.items).toHaveLength(2);
    expect(list.metadata.continue).toBeTruthy();
    const second = await t.request(
      'GET',
      `${base}?labelSelector=page%3Dyes&limit=2&continue=${encodeURIComponent(list.metadata.continue ?? '')}`,
    );
    expect((second.json as { items: unknown[] }).items).toHaveLength(1);
    const bad = await t.request('GET', `${base}?labelSelector=a%20in`);
    expect(bad.status).toBe(400);
  });

  it('serves Tables and PartialObjectMetadata, and 406 for protobuf-only clients', async () => {
    const table = await t.request('GET', base, {
      headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' },
    });
    expect(table.json).toMatchObject({ kind: 'Table' });
    const pom = await t.request('GET', `${base}/one`, {
      headers: { accept: 'application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io' },
    });
    expect(pom.json).toMatchObject({ kind: 'PartialObjectMetadata', metadata: { name: 'one' } });
    const proto = await t.request('GET', `${base}/one`, { headers: { accept: 'application/vnd.kubernetes.protobuf' } });
    expect(proto.status).toBe(406);
    const yaml = await t.request('GET', `${base}/one`, { headers: { accept: 'application/yaml' } });
    expect(yaml.text).toContain('kind: ConfigMap');
  });

  it('deletes, and 404s the second time', async () => {
    const del = await t.request('DELETE', `${base}/p3`);
    expect(del.status, del.text).toBe(200);
    expect((await t.request('DELETE', `${base}/p3`)).status).toBe(404);
  });

  it('refuses a namespaced resource without a namespace for a named request, and a cluster one under a namespace', async () => {
    expect((await t.request('GET', '/api/v1/configmaps/one')).status).toBe(404);
    expect((await t.request('GET', '/api/v1/namespaces/default/namespaces')).status).toBe(404);
    expect((await t.request('GET', '/api/v1/configmaps')).status).toBe(200);
  });

  it('streams watch events and ends at timeoutSeconds', async () => {
    const list = (await t.request('GET', base)).json as { metadata: { resourceVersion: string } };
    const watching = t.request(
      'GET',
      `${base}?watch=1&resourceVersion=${list.metadata.resourceVersion}&timeoutSeconds=1`,
    );
    await new Promise((r) => setTimeout(r, 150));
    await t.request('POST', base, { body: cm('watched') });
    const res = await watching;
    const events = res.text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; object: { metadata: { name: string } } });
    expect(events[0]).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'watched' } } });
  });

  it('sends an ERROR event with 410 Expired for a compacted resourceVersion', async () => {
    await t.request('POST', base, { body: cm('before-compaction') });
    await backend.kv.compact(await backend.kv.currentRevision());
    const res = await t.request('GET', `${base}?watch=1&resourceVersion=1&timeoutSeconds=1`);
    // Either the watch is refused up front (410 Status) or its first event is the ERROR.
    if (res.status === 200) {
      const first = JSON.parse(res.text.split('\n')[0] ?? '') as {
        type: string;
        object: { code: number; reason: string };
      };
      expect(first).toMatchObject({ type: 'ERROR', object: { code: 410, reason: 'Expired' } });
    } else {
      expect(res.status).toBe(410);
    }
  });
});
