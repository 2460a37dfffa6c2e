/**
 * The API catalog while serving: a group version added to the running server is routed,
 * listed in discovery (legacy and aggregated) and described by OpenAPI, with new ETags; removed,
 * it is gone from all three with the next request.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltinDefinitions } from '../../pkg/openapi/definitions.js';
import { newBackend, newConfigMapStore } from '../../pkg/registry/generic/registry/testing/fixtures.js';
import type { APIGroupVersionInfo } from '../../pkg/registry/rest/catalog.js';
import { installOpenAPI } from '../../pkg/server/routes/openapi.js';
import { newTestServer, type TestServer } from './support/generic-server.js';

let t: TestServer;
const backend = newBackend();
const widgets: APIGroupVersionInfo = {
  version: 'v1',
  resources: [
    {
      resource: 'widgets',
      singularName: 'widget',
      kind: 'Widget',
      namespaced: true,
      shortNames: ['wd'],
      storage: newConfigMapStore(backend, {
        resource: { group: 'things.example.com', version: 'v1', resource: 'widgets', kind: 'Widget' },
      }),
    },
  ],
};
const aggregated = { accept: 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList' };

beforeAll(async () => {
  t = await newTestServer();
  t.server.installAPIGroups([{ group: '', versions: [{ version: 'v1', resources: [] }] }], {
    groupPriority: () => 18000,
  });
  t.server.installGroupsRoot();
  installOpenAPI(t.server.mux, t.server.config.catalog, await loadBuiltinDefinitions());
  t.start();
});
afterAll(() => t.stop());

const groupNames = async () =>
  ((await t.request('GET', '/apis')).json as { groups: Array<{ name: string }> }).groups.map((g) => g.name);
const openAPIKeys = async () => Object.keys(((await t.request('GET', '/openapi/v3')).json as { paths: object }).paths);

describe('a group version added and removed while serving', () => {
  it('is routed, discovered and described while registered, and gone after', async () => {
    const before = await t.request('GET', '/apis');
    const beforeAggregated = await t.request('GET', '/apis', { headers: aggregated });
    expect(await groupNames()).toEqual([]);
    expect(await openAPIKeys()).toEqual(['api/v1']);
    expect((await t.request('GET', '/apis/things.example.com/v1/namespaces/default/widgets')).status).toBe(404);

    t.server.config.catalog.set({
      group: 'things.example.com',
      version: widgets,
      owner: t.server.name,
      groupPriority: 1000,
      versionPriority: 100,
    });
    const after = await t.request('GET', '/apis');
    expect(after.headers.etag).not.toBe(before.headers.etag);
    expect(await groupNames()).toEqual(['things.example.com']);
    const afterAggregated = await t.request('GET', '/apis', { headers: aggregated });
    expect(afterAggregated.headers.etag).not.toBe(beforeAggregated.headers.etag);
    expect(afterAggregated.json).toMatchObject({
      items: [
        {
          metadata: { name: 'things.example.com' },
          versions: [{ version: 'v1', resources: [{ resource: 'widgets' }] }],
        },
      ],
    });
    expect((await t.request('GET', '/apis/things.example.com')).json).toMatchObject({
      kind: 'APIGroup',
      preferredVersion: { groupVersion: 'things.example.com/v1' },
    });
    expect((await t.request('GET', '/apis/things.example.com/v1')).json).toMatchObject({
      kind: 'APIResourceList',
      resources: [{ name: 'widgets', kind: 'Widget', shortNames: ['wd'] }],
    });
    expect(await openAPIKeys()).toEqual(['api/v1', 'apis/things.example.com/v1']);
    const doc = await t.request('GET', '/openapi/v3/apis/things.example.com/v1');
    expect(Object.keys((doc.json as { paths: object }).paths)).toContain(
      '/apis/things.example.com/v1/namespaces/{namespace}/widgets',
    );
    const created = await t.request('POST', '/apis/things.example.com/v1/namespaces/default/widgets', {
      body: { metadata: { name: 'w1' }, data: { a: 'b' } },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ apiVersion: 'things.example.com/v1', kind: 'Widget' });

    expect(t.server.config.catalog.remove('things.example.com', 'v1')).toBe(true);
    expect(await groupNames()).toEqual([]);
    expect((await t.request('GET', '/apis', { headers: aggregated })).headers.etag).toBe(beforeAggregated.headers.etag);
    expect(await openAPIKeys()).toEqual(['api/v1']);
    const gone = await t.request('GET', '/apis/things.example.com/v1/namespaces/default/widgets/w1');
    expect(gone.status).toBe(404);
    expect((await t.request('GET', '/apis/things.example.com')).status).toBe(404);
    expect((await t.request('GET', '/openapi/v3/apis/things.example.com/v1')).status).toBe(404);
  });

  it('hands group versions another server owns to the delegate', async () => {
    t.server.config.catalog.set({
      group: 'elsewhere.example.com',
      version: widgets,
      owner: 'some-other-server',
      groupPriority: 1000,
      versionPriority: 100,
    });
    try {
      // Listed (discovery is the chain's), but this server does not serve it: the chain's end answers 404.
      expect(await groupNames()).toEqual(['elsewhere.example.com']);
      expect((await t.request('GET', '/apis/elsewhere.example.com/v1')).status).toBe(404);
      expect((await t.request('GET', '/apis/elsewhere.example.com/v1/namespaces/default/widgets')).status).toBe(404);
    } finally {
      t.server.config.catalog.remove('elsewhere.example.com', 'v1');
    }
  });
});
