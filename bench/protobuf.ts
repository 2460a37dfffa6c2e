/**
 * Cost of reading a protobuf request body beside JSON.parse of the same object, for a realistic
 * 5-container Deployment, plus the first-use (startup) costs of the schemas.
 *
 *   node bench/run-bundled.mjs bench/protobuf.ts [iterations]
 *
 * Run bundled (as dist/ runs) so the JSON schema data is loaded the way production loads it.
 */
import { loadBuiltinDefinitions } from '../pkg/openapi/definitions.js';
import { newSchemaIndex } from '../pkg/openapi/schema-index.js';
import { decodeRequestBody } from '../pkg/runtime/serializer/codec-factory.js';
import { decodeProtobuf, encodeProtobuf } from '../pkg/runtime/serializer/protobuf/protobuf.js';
import { loadProtobufSchema } from '../pkg/runtime/serializer/protobuf/schema.js';

const iterations = Number(process.argv[2] ?? 20000);

function container(i: number): Record<string, unknown> {
  return {
    name: `app-${i}`,
    image: `registry.example.com/team/app-${i}:v1.${i}.3`,
    args: ['--port=8080', `--shard=${i}`, '--log-level=info'],
    ports: [{ name: 'http', containerPort: 8080 + i, protocol: 'TCP' }, { name: 'metrics', containerPort: 9090, protocol: 'TCP' }],
    env: [
      { name: 'MODE', value: 'production' },
      { name: 'SHARD', value: String(i) },
      { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } },
      { name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } },
      { name: 'CPU_LIMIT', valueFrom: { resourceFieldRef: { containerName: `app-${i}`, resource: 'limits.cpu', divisor: '1m' } } },
    ],
    resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { cpu: '1', memory: '1Gi' } },
    volumeMounts: [{ name: 'config', mountPath: '/etc/app', readOnly: true }, { name: 'cache', mountPath: '/var/cache/app' }],
    livenessProbe: { httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' }, initialDelaySeconds: 10, periodSeconds: 10, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
    readinessProbe: { httpGet: { path: '/ready', port: 8080 + i, scheme: 'HTTP' }, periodSeconds: 5, timeoutSeconds: 1, successThreshold: 1, failureThreshold: 3 },
    securityContext: { runAsNonRoot: true, runAsUser: 1000, allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: 'IfNotPresent',
  };
}

export function fiveContainerDeployment(): Record<string, unknown> {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'production',
      labels: { app: 'web', tier: 'frontend', team: 'storefront' },
      annotations: { 'deployment.kubernetes.io/revision': '7', 'example.com/owner': 'storefront@example.com' },
      creationTimestamp: '2024-05-01T10:00:00Z',
    },
    spec: {
      replicas: 3,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 0 } },
      template: {
        metadata: { creationTimestamp: null, labels: { app: 'web', tier: 'frontend' }, annotations: { 'prometheus.io/scrape': 'true' } },
        spec: {
          containers: [0, 1, 2, 3, 4].map(container),
          volumes: [{ name: 'config', configMap: { name: 'web-config', defaultMode: 420 } }, { name: 'cache', emptyDir: { sizeLimit: '1Gi' } }],
          restartPolicy: 'Always',
          terminationGracePeriodSeconds: 30,
          dnsPolicy: 'ClusterFirst',
          serviceAccountName: 'web',
          securityContext: { fsGroup: 2000 },
          affinity: {
            podAntiAffinity: {
              preferredDuringSchedulingIgnoredDuringExecution: [
                { weight: 100, podAffinityTerm: { labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' } },
              ],
            },
          },
          tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' }],
          schedulerName: 'default-scheduler',
        },
      },
    },
    status: {
      observedGeneration: 7,
      replicas: 3,
      updatedReplicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
      conditions: [
        { type: 'Available', status: 'True', lastUpdateTime: '2024-05-01T10:05:00Z', lastTransitionTime: '2024-05-01T10:05:00Z', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' },
        { type: 'Progressing', status: 'True', lastUpdateTime: '2024-05-01T10:05:00Z', lastTransitionTime: '2024-05-01T10:00:00Z', reason: 'NewReplicaSetAvailable', message: 'ReplicaSet "web-7d4b9c" has successfully progressed.' },
      ],
    },
  };
}

function time<T>(fn: () => T): [T, number] {
  const start = performance.now();
  const value = fn();
  return [value, performance.now() - start];
}

async function timeAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const value = await fn();
  return [value, performance.now() - start];
}

function perOp(fn: () => unknown, n: number): number {
  for (let i = 0; i < Math.min(n, 2000); i++) fn(); // warm up (JIT, caches)
  const start = performance.now();
  for (let i = 0; i < n; i++) fn();
  return ((performance.now() - start) * 1000) / n;
}

async function perOpAsync(fn: () => Promise<unknown>, n: number): Promise<number> {
  for (let i = 0; i < Math.min(n, 2000); i++) await fn();
  const start = performance.now();
  for (let i = 0; i < n; i++) await fn();
  return ((performance.now() - start) * 1000) / n;
}

const [schema, loadMs] = await timeAsync(loadProtobufSchema);
const object = fiveContainerDeployment();
const pb = encodeProtobuf(schema, object);
const jsonText = JSON.stringify(object);
const jsonBytes = Buffer.from(jsonText);
const [, firstDecodeMs] = time(() => decodeProtobuf(schema, pb));
const [definitions, defsMs] = await timeAsync(loadBuiltinDefinitions);
const [schemas, indexMs] = time(() => newSchemaIndex(definitions));
const expected = { group: 'apps', version: 'v1', kind: 'Deployment' };
const [, firstValidateMs] = await timeAsync(() => decodeRequestBody('application/json', jsonBytes, { expected, schemas }));

console.log('first use (one process):');
console.log(`  protobuf schema: import + index                      ${loadMs.toFixed(1)} ms`);
console.log(`  first Deployment decode (compiles its message plans) ${firstDecodeMs.toFixed(1)} ms`);
console.log(`  OpenAPI definitions: import                           ${defsMs.toFixed(1)} ms`);
console.log(`  structural schema index                               ${indexMs.toFixed(2)} ms`);
console.log(`  first JSON body validation (compiles Deployment)      ${firstValidateMs.toFixed(1)} ms`);

const jsonParse = perOp(() => JSON.parse(jsonText), iterations);
const protobufDecode = perOp(() => decodeProtobuf(schema, pb), iterations);
const jsonRequest = await perOpAsync(() => decodeRequestBody('application/json', jsonBytes, { expected, schemas, fieldValidation: 'Ignore' }), iterations / 4);
const jsonStrict = await perOpAsync(() => decodeRequestBody('application/json', jsonBytes, { expected, schemas, fieldValidation: 'Strict' }), iterations / 4);
const pbRequest = await perOpAsync(() => decodeRequestBody('application/vnd.kubernetes.protobuf', pb, { expected, schemas, fieldValidation: 'Strict' }), iterations / 4);

console.log(`\n5-container Deployment: ${jsonBytes.length} bytes JSON, ${pb.length} bytes protobuf; ${iterations} iterations`);
console.log(`  JSON.parse                                    ${jsonParse.toFixed(1)} µs/op`);
console.log(`  protobuf decode + JSON conversion             ${protobufDecode.toFixed(1)} µs/op  (${(protobufDecode / jsonParse).toFixed(2)}× JSON.parse)`);
console.log(`  decodeRequestBody JSON, fieldValidation=Ignore ${jsonRequest.toFixed(1)} µs/op  (parse + prune)`);
console.log(`  decodeRequestBody JSON, fieldValidation=Strict ${jsonStrict.toFixed(1)} µs/op  (parse + strict scan + prune)`);
console.log(`  decodeRequestBody protobuf (any directive)     ${pbRequest.toFixed(1)} µs/op  (decode + convert + prune)`);
