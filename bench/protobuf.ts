/**
 * Cost of reading a protobuf request body beside JSON.parse of the same object, for a realistic
 * 5-container Deployment, plus the first-use (startup) costs of the schemas.
 *
 *   node bench/run.mjs protobuf --bundled [iterations]
 *
 * Run bundled (as dist/ runs) so the JSON schema data is loaded the way production loads it.
 */
import { loadBuiltinDefinitions } from '../pkg/openapi/definitions.js';
import { newSchemaIndex } from '../pkg/openapi/schema-index.js';
import { decodeRequestBody } from '../pkg/runtime/serializer/codec-factory.js';
import { decodeProtobuf, encodeProtobuf } from '../pkg/runtime/serializer/protobuf/protobuf.js';
import { loadProtobufSchema } from '../pkg/runtime/serializer/protobuf/schema.js';
import { fiveContainerDeployment } from './fixtures/deployment.js';

const iterations = Number(process.argv[2] ?? 20000);

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
const [, firstValidateMs] = await timeAsync(() =>
  decodeRequestBody('application/json', jsonBytes, { expected, schemas }),
);

console.log('first use (one process):');
console.log(`  protobuf schema: import + index                      ${loadMs.toFixed(1)} ms`);
console.log(`  first Deployment decode (compiles its message plans) ${firstDecodeMs.toFixed(1)} ms`);
console.log(`  OpenAPI definitions: import                           ${defsMs.toFixed(1)} ms`);
console.log(`  structural schema index                               ${indexMs.toFixed(2)} ms`);
console.log(`  first JSON body validation (compiles Deployment)      ${firstValidateMs.toFixed(1)} ms`);

const jsonParse = perOp(() => JSON.parse(jsonText), iterations);
const protobufDecode = perOp(() => decodeProtobuf(schema, pb), iterations);
const jsonRequest = await perOpAsync(
  () => decodeRequestBody('application/json', jsonBytes, { expected, schemas, fieldValidation: 'Ignore' }),
  iterations / 4,
);
const jsonStrict = await perOpAsync(
  () => decodeRequestBody('application/json', jsonBytes, { expected, schemas, fieldValidation: 'Strict' }),
  iterations / 4,
);
const pbRequest = await perOpAsync(
  () => decodeRequestBody('application/vnd.kubernetes.protobuf', pb, { expected, schemas, fieldValidation: 'Strict' }),
  iterations / 4,
);

console.log(
  `\n5-container Deployment: ${jsonBytes.length} bytes JSON, ${pb.length} bytes protobuf; ${iterations} iterations`,
);
console.log(`  JSON.parse                                    ${jsonParse.toFixed(1)} µs/op`);
console.log(
  `  protobuf decode + JSON conversion             ${protobufDecode.toFixed(1)} µs/op  (${(protobufDecode / jsonParse).toFixed(2)}× JSON.parse)`,
);
console.log(`  decodeRequestBody JSON, fieldValidation=Ignore ${jsonRequest.toFixed(1)} µs/op  (parse + prune)`);
console.log(
  `  decodeRequestBody JSON, fieldValidation=Strict ${jsonStrict.toFixed(1)} µs/op  (parse + strict scan + prune)`,
);
console.log(
  `  decodeRequestBody protobuf (any directive)     ${pbRequest.toFixed(1)} µs/op  (decode + convert + prune)`,
);
