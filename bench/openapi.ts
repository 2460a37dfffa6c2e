/**
 * Cost of building the /openapi/v3 documents for a kube-apiserver-sized catalog (every kind of
 * the GA group versions), and of answering a request from the built service.
 *
 *   node bench/run.mjs openapi --bundled
 */
import { loadBuiltinDefinitions } from '../pkg/openapi/definitions.js';
import type { OpenAPIGroupVersion, OpenAPIResource } from '../pkg/openapi/resources.js';
import { buildOpenAPIV3Service } from '../pkg/openapi/v3/service.js';

const servedGroupVersions = [
  '/v1',
  'apps/v1',
  'batch/v1',
  'autoscaling/v1',
  'autoscaling/v2',
  'policy/v1',
  'rbac.authorization.k8s.io/v1',
  'networking.k8s.io/v1',
  'storage.k8s.io/v1',
  'scheduling.k8s.io/v1',
  'coordination.k8s.io/v1',
  'discovery.k8s.io/v1',
  'events.k8s.io/v1',
  'node.k8s.io/v1',
  'certificates.k8s.io/v1',
  'admissionregistration.k8s.io/v1',
  'flowcontrol.apiserver.k8s.io/v1',
  'authentication.k8s.io/v1',
  'authorization.k8s.io/v1',
];
const notResources =
  /List$|Options$|^(Status|WatchEvent|APIGroup|APIVersions|APIResourceList|Scale|Eviction|Binding|TokenRequest)$/;
const allVerbs = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

const start = performance.now();
const definitions = await loadBuiltinDefinitions();
const loaded = performance.now();

const byGV = new Map<string, OpenAPIResource[]>();
for (const schema of Object.values(definitions.schemas)) {
  for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) {
    const key = `${gvk.group}/${gvk.version}`;
    if (!servedGroupVersions.includes(key) || notResources.test(gvk.kind)) continue;
    const review = gvk.kind.endsWith('Review');
    const list = byGV.get(key) ?? [];
    list.push({
      resource: `${gvk.kind.toLowerCase()}s`,
      kind: gvk.kind,
      namespaced: !/^(Namespace|Node|PersistentVolume|ClusterRole|ClusterRoleBinding|StorageClass|PriorityClass)$/.test(
        gvk.kind,
      ),
      verbs: review ? ['create'] : allVerbs,
    });
    byGV.set(key, list);
  }
}
const groupVersions: OpenAPIGroupVersion[] = [...byGV].map(([key, resources]) => {
  const [group = '', version = ''] = key.split('/');
  return { group, version, resources };
});

const service = buildOpenAPIV3Service({ groupVersions, definitions });
const built = performance.now();

const index = service.serve({ method: 'GET', path: '/openapi/v3', query: new URLSearchParams(), headers: {} });
let total = 0;
let largest = 0;
for (const key of service.keys) {
  const size = service.serve({ method: 'GET', path: `/openapi/v3/${key}`, query: new URLSearchParams(), headers: {} })
    .body.length;
  total += size;
  largest = Math.max(largest, size);
}
const n = 10000;
const t0 = performance.now();
for (let i = 0; i < n; i++)
  service.serve({
    method: 'GET',
    path: '/openapi/v3/api/v1',
    query: new URLSearchParams(),
    headers: { accept: 'application/json' },
  });
const perRequest = ((performance.now() - t0) * 1000) / n;

const resources = groupVersions.reduce((sum, gv) => sum + gv.resources.length, 0);
console.log(`catalog: ${groupVersions.length} group versions, ${resources} resources`);
console.log(`  load definitions                 ${(loaded - start).toFixed(1)} ms`);
console.log(`  build all documents + index      ${(built - loaded).toFixed(1)} ms (serialize + SHA-512 included)`);
console.log(
  `  documents: ${(total / 1024).toFixed(0)} KiB in total, largest ${(largest / 1024).toFixed(0)} KiB, index ${index.body.length} bytes`,
);
console.log(`  answering GET /openapi/v3/api/v1 ${perRequest.toFixed(2)} µs/request (prebuilt bytes)`);
