import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { StatusError } from '../../api/errors/errors.js';
import { loadBuiltinDefinitions } from '../../openapi/definitions.js';
import { type SchemaIndex, newSchemaIndex } from '../../openapi/schema-index.js';
import type { FieldValidationDirective } from '../field-validation.js';
import { decodeRequestBody, summarizeData } from './codec-factory.js';
import { encodeRaw } from './protobuf/encode.js';
import { protoEncodingPrefix } from './protobuf/protobuf.js';
import { loadProtobufSchema } from './protobuf/schema.js';

const testdata = path.join(path.dirname(fileURLToPath(import.meta.url)), 'protobuf', 'testdata');
const deploymentKind = { group: 'apps', version: 'v1', kind: 'Deployment' };

// The bodies of upstream's test/integration/apiserver/field_validation_test.go.
const invalidBodyJSON = `
	{
		"apiVersion": "apps/v1",
		"kind": "Deployment",
		"metadata": {
			"name": "dupename",
			"name": "test-deployment",
			"labels": {"app": "nginx"},
			"unknownMeta": "metaVal"
		},
		"spec": {
			"unknown1": "val1",
			"unknownDupe": "valDupe",
			"unknownDupe": "valDupe2",
			"paused": true,
			"paused": false,
			"selector": {"matchLabels": {"app": "nginx"}},
			"template": {
				"metadata": {"labels": {"app": "nginx"}},
				"spec": {
					"containers": [{
						"name":  "nginx",
						"image": "nginx:latest",
						"unknownNested": "val1",
						"imagePullPolicy": "Always",
						"imagePullPolicy": "Never"
					}]
				}
			}
		}
	}`;
const invalidBodyYAML = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: dupename
  name: test-deployment
  unknownMeta: metaVal
  labels:
    app: nginx
spec:
  unknown1: val1
  unknownDupe: valDupe
  unknownDupe: valDupe2
  paused: true
  paused: false
  selector:
    matchLabels:
      app: nginx
  template:
    metadata:
      labels:
        app: nginx
    spec:
      containers:
      - name: nginx
        image: nginx:latest
        unknownNested: val1
        imagePullPolicy: Always
        imagePullPolicy: Never`;
const jsonStrictError =
  'strict decoding error: duplicate field "metadata.name", unknown field "metadata.unknownMeta", unknown field "spec.unknown1", unknown field "spec.unknownDupe", duplicate field "spec.paused", unknown field "spec.template.spec.containers[0].unknownNested", duplicate field "spec.template.spec.containers[0].imagePullPolicy"';
const jsonWarnings = [
  'duplicate field "metadata.name"',
  'unknown field "metadata.unknownMeta"',
  'unknown field "spec.unknown1"',
  'unknown field "spec.unknownDupe"',
  'duplicate field "spec.paused"',
  'unknown field "spec.template.spec.containers[0].unknownNested"',
  'duplicate field "spec.template.spec.containers[0].imagePullPolicy"',
];
const yamlStrictError = `strict decoding error: yaml: unmarshal errors:
  line 5: key "name" already set in map
  line 12: key "unknownDupe" already set in map
  line 14: key "paused" already set in map
  line 28: key "imagePullPolicy" already set in map, unknown field "metadata.unknownMeta", unknown field "spec.template.spec.containers[0].unknownNested", unknown field "spec.unknown1", unknown field "spec.unknownDupe"`;
const yamlWarnings = [
  'line 5: key "name" already set in map',
  'line 12: key "unknownDupe" already set in map',
  'line 14: key "paused" already set in map',
  'line 28: key "imagePullPolicy" already set in map',
  'unknown field "metadata.unknownMeta"',
  'unknown field "spec.template.spec.containers[0].unknownNested"',
  'unknown field "spec.unknown1"',
  'unknown field "spec.unknownDupe"',
];

let schemas: SchemaIndex;
beforeAll(async () => {
  schemas = newSchemaIndex(await loadBuiltinDefinitions());
});

function decode(
  contentType: string | undefined,
  body: string | Uint8Array,
  fieldValidation?: FieldValidationDirective,
  expected = deploymentKind,
) {
  return decodeRequestBody(contentType, typeof body === 'string' ? Buffer.from(body) : body, {
    expected,
    schemas,
    ...(fieldValidation ? { fieldValidation } : {}),
  });
}

async function statusOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (err) {
    if (err instanceof StatusError) return err.status;
    throw err;
  }
  throw new Error('expected a StatusError');
}

describe('decodeRequestBody with fieldValidation (upstream field_validation_test cases)', () => {
  it('rejects a JSON body under Strict with every finding in document order', async () => {
    const status = await statusOf(decode('application/json', invalidBodyJSON, 'Strict'));
    expect(status).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: `Deployment in version "v1" cannot be handled as a Deployment: ${jsonStrictError}`,
    });
  });

  it('warns once per finding under Warn, and Warn is the default', async () => {
    expect((await decode('application/json', invalidBodyJSON, 'Warn')).warnings).toEqual(jsonWarnings);
    expect((await decode('application/json', invalidBodyJSON)).warnings).toEqual(jsonWarnings);
  });

  it('stays silent under Ignore but still drops unknown fields and keeps the last duplicate', async () => {
    const { object, warnings } = await decode('application/json', invalidBodyJSON, 'Ignore');
    expect(warnings).toEqual([]);
    expect(object.metadata).toEqual({ name: 'test-deployment', labels: { app: 'nginx' } });
    const spec = object.spec as Record<string, unknown>;
    expect(Object.keys(spec).sort()).toEqual(['paused', 'selector', 'template']);
    expect(spec.paused).toBe(false);
    expect(JSON.stringify(spec.template)).toBe(
      '{"metadata":{"labels":{"app":"nginx"}},"spec":{"containers":[{"name":"nginx","image":"nginx:latest","imagePullPolicy":"Never"}]}}',
    );
  });

  it('rejects a YAML body under Strict: go-yaml duplicate keys first, then unknown fields in key order', async () => {
    const status = await statusOf(decode('application/yaml', invalidBodyYAML, 'Strict'));
    expect(status.message).toBe(`Deployment in version "v1" cannot be handled as a Deployment: ${yamlStrictError}`);
  });

  it('splits the YAML findings into one warning per line under Warn', async () => {
    expect((await decode('application/yaml; charset=utf-8', invalidBodyYAML)).warnings).toEqual(yamlWarnings);
  });
});

describe('decodeRequestBody limits (regressions of issue 9)', () => {
  const configMap = { group: '', version: 'v1', kind: 'ConfigMap' };

  it('refuses JSON nested past the limit with Go wording instead of overflowing later (a 500)', async () => {
    const body = `{"metadata":{"name":"x","managedFields":[{"fieldsV1":${'{"f:a":'.repeat(10_000)}{}${'}'.repeat(10_000)}}]}}`;
    const status = await statusOf(decode('application/json', body, undefined, configMap));
    expect(status).toMatchObject({ code: 400, reason: 'BadRequest' });
    expect(status.message).toMatch(
      /^the object provided is unrecognized \(must be of type ConfigMap\): couldn't get version\/kind; json parse error: invalid character '\{' exceeded max depth \(/,
    );
  });

  it('refuses YAML nested past the limit, twice in a row (the second one crashed the process)', async () => {
    const body = '['.repeat(100_000);
    for (let i = 0; i < 2; i++) {
      expect((await statusOf(decode('application/yaml', body, undefined, configMap))).message).toBe(
        `the object provided is unrecognized (must be of type ConfigMap): error converting YAML to JSON: yaml: exceeded max depth of 512 (${'5b'.repeat(30)} ...)`,
      );
    }
  });

  it('reads !!binary, merge keys and aliases instead of failing with a 500', async () => {
    const body = 'base: &b {k: v}\nmetadata: {name: x, labels: {<<: *b}}\ndata: {bin: !!binary aGVsbG8=, again: *b}\n';
    const status = await statusOf(decode('application/yaml', body, 'Strict', configMap));
    // The alias lands where a string belongs: a type error, as upstream, not a crash.
    expect(status).toMatchObject({ code: 400 });
    const { object } = await decode('application/yaml', body.replace(', again: *b', ''), 'Ignore', configMap);
    expect(object).toMatchObject({ metadata: { name: 'x', labels: { k: 'v' } }, data: { bin: 'hello' } });
  });

  it('reports at most 100 unknown fields of a YAML body, as upstream', async () => {
    const body = `metadata: {name: x}\n${Array.from({ length: 150 }, (_, i) => `u${i}: 1`).join('\n')}\n`;
    expect((await decode('application/yaml', body, 'Warn', configMap)).warnings).toHaveLength(100);
  });
});

describe('decodeRequestBody errors', () => {
  it('fails on a value of the wrong JSON type under every directive, naming the Go field', async () => {
    const body = '{"apiVersion":"apps/v1","kind":"Deployment","spec":{"replicas":"3"}}';
    for (const directive of ['Strict', 'Warn', 'Ignore'] as const) {
      expect((await statusOf(decode('application/json', body, directive))).message).toBe(
        'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
      );
    }
    const nested = '{"spec":{"template":{"spec":{"containers":[{"name":5}]}}}}';
    expect((await statusOf(decode('application/json', nested))).message).toMatch(
      /json: cannot unmarshal number into Go struct field Container\.spec\.template\.spec\.containers\.name of type string$/,
    );
  });

  it('rejects Secret data that is not base64', async () => {
    const body = '{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"},"data":{"a":"not base64!"}}';
    const status = await statusOf(
      decode('application/json', body, 'Ignore', { group: '', version: 'v1', kind: 'Secret' }),
    );
    expect(status.message).toBe(
      'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 3',
    );
  });

  it('words JSON syntax errors as Go does, with a summary of the body', async () => {
    const body = '{"kind":"ConfigMap","apiVersion":"v1",}';
    const status = await statusOf(
      decode('application/json', body, undefined, { group: '', version: 'v1', kind: 'ConfigMap' }),
    );
    expect(status.message).toBe(
      `the object provided is unrecognized (must be of type ConfigMap): couldn't get version/kind; json parse error: invalid character '}' looking for beginning of object key string ({"kind":"ConfigMap","apiVersio ...)`,
    );
    expect((await statusOf(decode(undefined, ''))).message).toBe(
      "the object provided is unrecognized (must be of type Deployment): couldn't get version/kind; json parse error: unexpected end of JSON input (<empty>)",
    );
  });

  it('rejects a body that is not an object', async () => {
    expect((await statusOf(decode('application/json', '[1]'))).message).toMatch(
      /json: cannot unmarshal array into Go value of type struct \{ APIVersion string/,
    );
  });

  it('answers 415 for media types it cannot read, listing what the kind accepts', async () => {
    expect(await statusOf(decode('text/plain', 'x'))).toMatchObject({
      code: 415,
      reason: 'UnsupportedMediaType',
      message:
        'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf',
    });
    expect(
      (await statusOf(decode('text/plain', 'x', undefined, { group: 'example.com', version: 'v1', kind: 'Widget' })))
        .message,
    ).toBe(
      'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml',
    );
  });

  it('defaults a missing apiVersion and kind from the endpoint, and reads a missing Content-Type as JSON', async () => {
    const { object, gvk } = await decode(undefined, '{"metadata":{"name":"x"}}');
    expect(gvk).toEqual(deploymentKind);
    expect(object).toMatchObject({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'x' } });
  });
});

describe('decodeRequestBody with protobuf', () => {
  it('decodes a body kubectl 1.33 sent into the JSON kubectl 1.31 sent, with no findings', async () => {
    const pb = readFileSync(path.join(testdata, 'deployment.pb'));
    const json = JSON.parse(readFileSync(path.join(testdata, 'deployment.json'), 'utf8')) as unknown;
    const decoded = await decode('application/vnd.kubernetes.protobuf', pb, 'Strict');
    expect(decoded).toEqual({
      object: json,
      gvk: deploymentKind,
      mediaType: 'application/vnd.kubernetes.protobuf',
      warnings: [],
    });
  });

  it('answers 415 without protobuf in the list for a kind that has no protobuf message', async () => {
    const schema = await loadProtobufSchema();
    const envelope = encodeRaw(schema.unknown, {
      typeMeta: { apiVersion: 'example.com/v1', kind: 'Widget' },
      raw: new Uint8Array(0),
    });
    const forged = Buffer.concat([protoEncodingPrefix, envelope]);
    expect(await statusOf(decode('application/vnd.kubernetes.protobuf', forged))).toMatchObject({
      code: 415,
      message:
        'the body of the request was in an unknown format - accepted media types include: application/json, application/yaml',
    });
  });

  it('reports a body without the protobuf prefix with a hex summary', async () => {
    const status = await statusOf(decode('application/vnd.kubernetes.protobuf', Buffer.from('hello')));
    expect(status.message).toBe(
      'the object provided is unrecognized (must be of type Deployment): provided data does not appear to be a protobuf message, expected prefix [107 56 115 0] (68656c6c6f)',
    );
  });
});

describe('summarizeData', () => {
  it('shows JSON as text and anything else as hex, cut at the limit', () => {
    expect(summarizeData(Buffer.from('{"a":"0123456789"}'), 10)).toBe('{"a":"0123 ...');
    expect(summarizeData(Uint8Array.of(1, 2), 10)).toBe('0102');
  });
});
