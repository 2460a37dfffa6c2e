import { beforeAll, describe, expect, it } from 'vitest';
import { type Definitions, loadBuiltinDefinitions } from '../definitions.js';
import type { OpenAPIGroupVersion } from '../resources.js';
import { operationGroupVersion, operationTag } from './operations.js';
import { type OpenAPIRequest, type OpenAPIV3Service, buildOpenAPIV3Service, computeETag } from './service.js';

const allVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
const groupVersions: OpenAPIGroupVersion[] = [
  {
    group: '',
    version: 'v1',
    resources: [
      { resource: 'configmaps', kind: 'ConfigMap', namespaced: true, verbs: allVerbs },
      {
        resource: 'namespaces',
        kind: 'Namespace',
        namespaced: false,
        verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
        subresources: [
          { name: 'status', kind: { group: '', version: 'v1', kind: 'Namespace' }, verbs: ['get', 'patch', 'update'] },
        ],
      },
      {
        resource: 'serviceaccounts',
        kind: 'ServiceAccount',
        namespaced: true,
        verbs: allVerbs,
        subresources: [
          {
            name: 'token',
            kind: { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' },
            verbs: ['create'],
          },
        ],
      },
    ],
  },
  {
    group: 'apps',
    version: 'v1',
    resources: [
      {
        resource: 'deployments',
        kind: 'Deployment',
        namespaced: true,
        verbs: allVerbs,
        subresources: [
          {
            name: 'status',
            kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
            verbs: ['get', 'patch', 'update'],
          },
          {
            name: 'scale',
            kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' },
            verbs: ['get', 'patch', 'update'],
          },
        ],
      },
    ],
  },
];

let definitions: Definitions;
let service: OpenAPIV3Service;
const now = new Date('2024-05-01T10:00:00Z');
beforeAll(async () => {
  definitions = await loadBuiltinDefinitions();
  service = buildOpenAPIV3Service({ groupVersions, definitions, now });
});

const get = (path: string, headers: OpenAPIRequest['headers'] = {}, method = 'GET') => {
  const url = new URL(path, 'http://x');
  return service.serve({ method, path: url.pathname, query: url.searchParams, headers });
};
// biome-ignore lint/suspicious/noExplicitAny: tests navigate response JSON by path
const json = (body: Uint8Array) => JSON.parse(Buffer.from(body).toString('utf8')) as Record<string, any>;

describe('/openapi/v3 index', () => {
  it('links every group version with the hash of its document', () => {
    const res = get('/openapi/v3');
    expect(res.status).toBe(200);
    expect(res.headers['Content-Type']).toBe('application/json');
    const index = json(res.body);
    expect(Object.keys(index.paths)).toEqual(['api/v1', 'apis/apps/v1']);
    const url: string = index.paths['apis/apps/v1'].serverRelativeURL;
    expect(url).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{128}$/);
    const doc = get(url);
    expect(url.endsWith(computeETag(doc.body))).toBe(true);
    expect(res.headers.Etag).toBe(`"${computeETag(res.body)}"`);
    expect(res.headers['Cache-Control']).toBeUndefined();
  });
});

describe('/openapi/v3/<group version>', () => {
  it('advertises fieldValidation on each kind patch operation, as kubectl checks before create -f/apply', () => {
    const doc = json(get('/openapi/v3/apis/apps/v1').body);
    const patch = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}'].patch;
    expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: 'apps', version: 'v1', kind: 'Deployment' });
    expect(patch['x-kubernetes-action']).toBe('patch');
    expect(patch.operationId).toBe('patchAppsV1NamespacedDeployment');
    expect(patch.parameters.map((p: { name: string; in: string }) => `${p.in}:${p.name}`)).toEqual([
      'query:dryRun',
      'query:fieldManager',
      'query:fieldValidation',
      'query:force',
    ]);
    expect(Object.keys(patch.requestBody.content)).toEqual([
      'application/apply-patch+yaml',
      'application/json-patch+json',
      'application/merge-patch+json',
      'application/strategic-merge-patch+json',
    ]);
  });

  it('documents every verb with upstream operation ids and actions', () => {
    const doc = json(get('/openapi/v3/apis/apps/v1').body);
    const ops: string[] = [];
    type Operation = { operationId?: string; 'x-kubernetes-action'?: string };
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Operation>>)) {
      for (const [method, op] of Object.entries(item))
        if (method !== 'parameters') ops.push(`${method} ${path} ${op.operationId} ${op['x-kubernetes-action'] ?? ''}`);
    }
    expect(ops).toEqual(
      expect.arrayContaining([
        'get /apis/apps/v1/ getAppsV1APIResources ',
        'get /apis/apps/v1/deployments listAppsV1DeploymentForAllNamespaces list',
        'get /apis/apps/v1/namespaces/{namespace}/deployments listAppsV1NamespacedDeployment list',
        'post /apis/apps/v1/namespaces/{namespace}/deployments createAppsV1NamespacedDeployment post',
        'delete /apis/apps/v1/namespaces/{namespace}/deployments deleteAppsV1CollectionNamespacedDeployment deletecollection',
        'get /apis/apps/v1/namespaces/{namespace}/deployments/{name} readAppsV1NamespacedDeployment get',
        'put /apis/apps/v1/namespaces/{namespace}/deployments/{name} replaceAppsV1NamespacedDeployment put',
        'delete /apis/apps/v1/namespaces/{namespace}/deployments/{name} deleteAppsV1NamespacedDeployment delete',
        'get /apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale readAppsV1NamespacedDeploymentScale get',
        'patch /apis/apps/v1/namespaces/{namespace}/deployments/{name}/status patchAppsV1NamespacedDeploymentStatus patch',
        'get /apis/apps/v1/watch/deployments watchAppsV1DeploymentListForAllNamespaces watchlist',
        'get /apis/apps/v1/watch/namespaces/{namespace}/deployments watchAppsV1NamespacedDeploymentList watchlist',
        'get /apis/apps/v1/watch/namespaces/{namespace}/deployments/{name} watchAppsV1NamespacedDeployment watch',
      ]),
    );
    expect(
      doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale'].put['x-kubernetes-group-version-kind'],
    ).toEqual({ group: 'autoscaling', version: 'v1', kind: 'Scale' });
  });

  it('documents cluster-scoped resources and create-only subresources', () => {
    const doc = json(get('/openapi/v3/api/v1').body);
    expect(doc.paths['/api/v1/namespaces'].get.operationId).toBe('listCoreV1Namespace');
    expect(doc.paths['/api/v1/namespaces/{name}'].patch.operationId).toBe('patchCoreV1Namespace');
    expect(doc.paths['/api/v1/namespaces/{name}/status'].get.operationId).toBe('readCoreV1NamespaceStatus');
    const token = doc.paths['/api/v1/namespaces/{namespace}/serviceaccounts/{name}/token'];
    expect(Object.keys(token)).toEqual(['post', 'parameters']);
    expect(token.post.operationId).toBe('createCoreV1NamespacedServiceAccountToken');
    expect(
      doc.paths['/api/v1/namespaces/{namespace}/configmaps'].get.parameters.map((p: { name: string }) => p.name),
    ).toContain('watch');
  });

  it('carries every schema its paths reach, with GVKs for kubectl explain', () => {
    const doc = json(get('/openapi/v3/apis/apps/v1').body);
    const schemas = doc.components.schemas;
    expect(schemas['io.k8s.api.apps.v1.Deployment']['x-kubernetes-group-version-kind']).toEqual([
      { group: 'apps', kind: 'Deployment', version: 'v1' },
    ]);
    expect(schemas['io.k8s.api.apps.v1.Deployment'].properties.spec).toEqual({
      $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec',
    });
    expect(schemas['io.k8s.api.core.v1.Container']).toBeDefined();
    expect(schemas['io.k8s.api.autoscaling.v1.Scale']).toBeDefined();
    const refs = JSON.stringify(doc).match(/"\$ref":"[^"]+"/g) ?? [];
    for (const ref of new Set(refs))
      expect(schemas[ref.slice('"$ref":"#/components/schemas/'.length, -1)], ref).toBeDefined();
    expect(JSON.stringify(doc)).not.toContain('#/definitions/');
  });
});

describe('caching headers', () => {
  const path = '/openapi/v3/apis/apps/v1';
  it('answers without cache directives but with an ETag when no hash is asked', () => {
    const res = get(path);
    expect(res.headers).toMatchObject({
      'Content-Type': 'application/json',
      Vary: 'Accept',
      'Last-Modified': 'Wed, 01 May 2024 10:00:00 GMT',
    });
    expect(res.headers.Etag).toMatch(/^"[0-9A-F]{128}"$/);
    expect(res.headers['Cache-Control']).toBeUndefined();
    expect(res.headers['Content-Length']).toBe(String(res.body.length));
  });

  it('marks the current hash immutable for a year', () => {
    const etag = computeETag(get(path).body);
    const res = get(`${path}?hash=${etag}`);
    expect(res.status).toBe(200);
    expect(res.headers['Cache-Control']).toBe('public, immutable');
    expect(Date.parse(res.headers.Expires ?? '') - Date.now()).toBeGreaterThan(364 * 24 * 3600 * 1000);
  });

  it('redirects a stale hash to the current one', () => {
    const etag = computeETag(get(path).body);
    const res = get(`${path}?hash=ABC`);
    expect(res.status).toBe(301);
    expect(res.headers.Location).toBe(`${path}?hash=${etag}`);
  });

  it('answers 304 to a matching If-None-Match and to a fresh If-Modified-Since', () => {
    const etag = get(path).headers.Etag;
    expect(get(path, { 'if-none-match': etag }).status).toBe(304);
    expect(get(path, { 'if-none-match': '"other"' }).status).toBe(200);
    expect(get('/openapi/v3', { 'if-modified-since': 'Wed, 01 May 2024 10:00:00 GMT' }).status).toBe(304);
  });

  it('answers HEAD without a body, 406 to a protobuf-only Accept, 404 to unknown group versions', () => {
    const head = get(path, {}, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toHaveLength(0);
    expect(get(path, { accept: 'application/com.github.proto-openapi.spec.v3.v1.0+protobuf' }).status).toBe(406);
    expect(get(path, { accept: 'application/json, */*' }).status).toBe(200);
    expect(get('/openapi/v3/apis/nope/v1').status).toBe(404);
    expect(service.handles('/openapi/v3/apis/apps/v1')).toBe(true);
    expect(service.handles('/openapi/v2')).toBe(false);
  });
});

describe('operation naming', () => {
  it.each([
    [{ group: '', version: 'v1' }, 'CoreV1', 'core_v1'],
    [{ group: 'apps', version: 'v1' }, 'AppsV1', 'apps_v1'],
    [{ group: 'rbac.authorization.k8s.io', version: 'v1' }, 'RbacAuthorizationV1', 'rbacAuthorization_v1'],
    [
      { group: 'flowcontrol.apiserver.k8s.io', version: 'v1beta3' },
      'FlowcontrolApiserverV1beta3',
      'flowcontrolApiserver_v1beta3',
    ],
  ])('spells %j as upstream', (gv, id, tag) => {
    expect(operationGroupVersion(gv)).toBe(id);
    expect(operationTag(gv)).toBe(tag);
  });
});
