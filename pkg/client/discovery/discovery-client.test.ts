import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { RESTClient } from '../rest/client.js';
import { DeferredDiscoveryRESTMapper, NoKindMatchError, RESTMapper } from '../restmapper/restmapper.js';
import { acceptDiscoveryFormats, DiscoveryClient } from './discovery-client.js';

const servers: Server[] = [];
const clients: RESTClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

/** Serves `routes` (path → body); records each request's path and Accept header. */
async function serve(routes: () => Record<string, unknown>) {
  const seen: { path: string; accept: string }[] = [];
  const server = createServer((req, res) => {
    seen.push({ path: req.url ?? '', accept: req.headers.accept ?? '' });
    const body = routes()[req.url ?? ''];
    res.writeHead(body === undefined ? 404 : 200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body ?? { kind: 'Status', status: 'Failure', code: 404, reason: 'NotFound', message: 'x' }));
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const c = new RESTClient(
    { host: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, tlsClientConfig: { insecure: false } },
    { rateLimiter: null },
  );
  clients.push(c);
  return { discovery: new DiscoveryClient(c), seen };
}

function aggregated(items: unknown[]) {
  return { kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {}, items };
}

const coreGroup = {
  metadata: {},
  versions: [
    {
      version: 'v1',
      freshness: 'Current',
      resources: [
        {
          resource: 'pods',
          responseKind: { group: '', version: 'v1', kind: 'Pod' },
          scope: 'Namespaced',
          singularResource: 'pod',
          shortNames: ['po'],
          verbs: ['get', 'list'],
          subresources: [
            { subresource: 'status', responseKind: { group: '', version: 'v1', kind: 'Pod' }, verbs: ['get'] },
          ],
        },
        {
          resource: 'nodes',
          responseKind: { group: '', version: 'v1', kind: 'Node' },
          scope: 'Cluster',
          singularResource: 'node',
          verbs: ['get'],
        },
      ],
    },
  ],
};

function widgetGroup(versions: string[]) {
  return {
    metadata: { name: 'example.com' },
    versions: versions.map((version) => ({
      version,
      freshness: 'Current',
      resources: [
        {
          resource: 'widgets',
          responseKind: { group: 'example.com', version, kind: 'Widget' },
          scope: 'Namespaced',
          singularResource: 'widget',
          verbs: ['get'],
        },
      ],
    })),
  };
}

describe('discovery', () => {
  it('reads aggregated discovery from /api and /apis with the v2 Accept header, in two requests', async () => {
    const { discovery, seen } = await serve(() => ({
      '/api': aggregated([coreGroup]),
      '/apis': aggregated([widgetGroup(['v2', 'v1'])]),
    }));
    const doc = await discovery.serverGroupsAndResources();
    expect(doc.aggregated).toBe(true);
    expect(seen.map((s) => s.path).sort()).toEqual(['/api', '/apis']);
    expect(seen[0]?.accept).toBe(acceptDiscoveryFormats);
    expect(acceptDiscoveryFormats).toBe(
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,application/json',
    );
    expect(doc.groups.map((g) => `${g.name}:${g.preferredVersion.version}`)).toEqual([':v1', 'example.com:v2']);
    expect((await discovery.serverResourcesForGroupVersion('v1'))?.resources.map((r) => r.name)).toEqual([
      'pods',
      'pods/status',
      'nodes',
    ]);
    expect((await discovery.serverPreferredResources()).map((r) => r.groupVersion)).toEqual(['v1', 'example.com/v2']);
    // Cached until invalidated.
    await discovery.serverGroups();
    expect(seen).toHaveLength(2);
    discovery.invalidate();
    await discovery.serverGroups();
    expect(seen).toHaveLength(4);
  });

  it('falls back to the legacy documents from a server without aggregated discovery', async () => {
    const { discovery, seen } = await serve(() => ({
      '/api': { kind: 'APIVersions', versions: ['v1'] },
      '/apis': {
        kind: 'APIGroupList',
        groups: [
          {
            name: 'apps',
            versions: [{ groupVersion: 'apps/v1', version: 'v1' }],
            preferredVersion: { groupVersion: 'apps/v1', version: 'v1' },
          },
        ],
      },
      '/api/v1': {
        kind: 'APIResourceList',
        groupVersion: 'v1',
        resources: [{ name: 'configmaps', singularName: 'configmap', namespaced: true, kind: 'ConfigMap', verbs: [] }],
      },
      '/apis/apps/v1': {
        kind: 'APIResourceList',
        groupVersion: 'apps/v1',
        resources: [
          { name: 'deployments', singularName: 'deployment', namespaced: true, kind: 'Deployment', verbs: [] },
        ],
      },
    }));
    const doc = await discovery.serverGroupsAndResources();
    expect(doc.aggregated).toBe(false);
    expect(seen.map((s) => s.path).sort()).toEqual(['/api', '/api/v1', '/apis', '/apis/apps/v1']);
    const mapper = new RESTMapper(doc);
    expect(mapper.restMapping({ group: 'apps', kind: 'Deployment' })).toEqual({
      resource: { group: 'apps', version: 'v1', resource: 'deployments' },
      groupVersionKind: { group: 'apps', version: 'v1', kind: 'Deployment' },
      scope: 'namespace',
    });
  });
});

describe('RESTMapper', () => {
  it('maps kinds to resources and back, with scope, preferring the preferred version', async () => {
    const { discovery } = await serve(() => ({
      '/api': aggregated([coreGroup]),
      '/apis': aggregated([widgetGroup(['v2', 'v1'])]),
    }));
    const mapper = new RESTMapper(await discovery.serverGroupsAndResources());
    expect(mapper.restMapping({ group: '', kind: 'Node' }).scope).toBe('root');
    expect(mapper.restMapping({ group: 'example.com', kind: 'Widget' }).resource.version).toBe('v2');
    expect(mapper.restMapping({ group: 'example.com', kind: 'Widget' }, 'v1').resource.version).toBe('v1');
    expect(mapper.kindFor({ resource: 'po' })).toEqual({ group: '', version: 'v1', kind: 'Pod' });
    expect(mapper.resourceFor({ resource: 'Widget' })).toEqual({
      group: 'example.com',
      version: 'v2',
      resource: 'widgets',
    });
    expect(() => mapper.restMapping({ group: 'example.com', kind: 'Gadget' }, 'v1')).toThrow(
      'no matches for kind "Gadget" in version "example.com/v1"',
    );
    expect(() => mapper.kindFor({ group: 'apps', resource: 'pods' })).toThrow('no matches for apps/, Resource=pods');
  });

  it('rediscovers once when asked for a kind it does not know yet', async () => {
    let groups = [widgetGroup(['v1'])];
    const { discovery, seen } = await serve(() => ({
      '/api': aggregated([coreGroup]),
      '/apis': aggregated(groups),
    }));
    const mapper = new DeferredDiscoveryRESTMapper(discovery);
    expect((await mapper.restMapping({ group: 'example.com', kind: 'Widget' })).resource.resource).toBe('widgets');
    groups = [widgetGroup(['v1']), { ...widgetGroup(['v1']), metadata: { name: 'other.io' } }];
    const other = await mapper.resourceFor({ group: 'other.io', resource: 'widgets' });
    expect(other).toEqual({ group: 'other.io', version: 'v1', resource: 'widgets' });
    expect(seen).toHaveLength(4);
    await expect(mapper.restMapping({ group: 'nope', kind: 'Thing' })).rejects.toBeInstanceOf(NoKindMatchError);
    expect(seen).toHaveLength(6);
  });
});
