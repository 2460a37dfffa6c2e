import { gunzipSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYAML } from 'yaml';
import { type Definitions, loadBuiltinDefinitions } from '../definitions.js';
import type { OpenAPIGroupVersion } from '../resources.js';
import { SchemaConverter } from '../v3/document.js';
import { buildOpenAPIV2Document, type OpenAPIV2Document } from './document.js';
import { encodeOpenAPIV2Document } from './protobuf.js';
import { newOpenAPIV2Service, protobufMediaType } from './service.js';

/** A protobuf wire reader: field number → raw values (bytes for length-delimited fields). */
function fields(bytes: Uint8Array): Map<number, Array<Uint8Array | number>> {
  const out = new Map<number, Array<Uint8Array | number>>();
  let i = 0;
  const varint = (): number => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[i++] ?? 0;
      result += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return result;
      shift += 7;
    }
  };
  while (i < bytes.length) {
    const tag = varint();
    const field = Math.floor(tag / 8);
    const wire = tag & 7;
    let value: Uint8Array | number;
    if (wire === 0) value = varint();
    else if (wire === 2) {
      const n = varint();
      value = bytes.subarray(i, i + n);
      i += n;
    } else if (wire === 1) {
      value = Buffer.from(bytes.subarray(i, i + 8)).readDoubleLE(0);
      i += 8;
    } else throw new Error(`unexpected wire type ${wire}`);
    out.set(field, [...(out.get(field) ?? []), value]);
  }
  return out;
}
const text = (v: Uint8Array | number | undefined) => (v instanceof Uint8Array ? Buffer.from(v).toString() : undefined);
const sub = (v: Uint8Array | number | undefined) => fields(v instanceof Uint8Array ? v : new Uint8Array(0));
/** The NamedX entry (name 1, value 2) called `name` among repeated field values. */
const named = (values: Array<Uint8Array | number> | undefined, name: string) =>
  (values ?? []).map(sub).find((f) => text(f.get(1)?.[0]) === name);

const apps: OpenAPIGroupVersion = {
  group: 'apps',
  version: 'v1',
  resources: [
    {
      resource: 'deployments',
      kind: 'Deployment',
      namespaced: true,
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
    },
  ],
};

let definitions: Definitions;
let document: OpenAPIV2Document;
beforeAll(async () => {
  definitions = await loadBuiltinDefinitions();
  document = buildOpenAPIV2Document([apps], new SchemaConverter(definitions), { version: 'v1.33.0' });
});

describe('the v2 document', () => {
  it('writes v3 operations the v2 way: a body parameter, consumes and produces, inline parameter types', () => {
    const post = document.paths['/apis/apps/v1/namespaces/{namespace}/deployments']?.post as Record<string, unknown>;
    expect(post).toMatchObject({
      consumes: ['*/*'],
      produces: ['application/json', 'application/yaml'],
      schemes: ['https'],
      operationId: 'createAppsV1NamespacedDeployment',
      'x-kubernetes-action': 'post',
      'x-kubernetes-group-version-kind': { group: 'apps', version: 'v1', kind: 'Deployment' },
    });
    expect((post.parameters as unknown[])[0]).toEqual({
      name: 'body',
      in: 'body',
      required: true,
      schema: { $ref: '#/definitions/io.k8s.api.apps.v1.Deployment' },
    });
    expect(post.parameters).toContainEqual(
      expect.objectContaining({ name: 'fieldValidation', in: 'query', type: 'string' }),
    );
    expect(post.responses).toMatchObject({ 201: { schema: { $ref: '#/definitions/io.k8s.api.apps.v1.Deployment' } } });
  });

  it('carries every definition the paths reach, in v2 form', () => {
    expect(document.definitions['io.k8s.api.apps.v1.DeploymentSpec']).toBeDefined();
    expect(document.definitions['io.k8s.api.core.v1.Container']).toBeDefined();
    expect(JSON.stringify(document.definitions)).not.toContain('#/components/');
    expect(document.definitions['io.k8s.api.core.v1.ConfigMap']).toBeUndefined();
  });
});

describe('the protobuf form (gnostic openapi.v2.Document)', () => {
  it('puts the swagger version, info, paths and definitions at gnostic’s field numbers', () => {
    const doc = fields(encodeOpenAPIV2Document(document));
    expect(text(doc.get(1)?.[0])).toBe('2.0');
    expect(text(sub(doc.get(2)?.[0]).get(2)?.[0])).toBe('v1.33.0');
    const deployment = named(sub(doc.get(9)?.[0]).get(1), 'io.k8s.api.apps.v1.Deployment');
    const schema = sub(deployment?.get(2)?.[0]);
    // type (22) is a TypeItem of strings; properties (25) repeated NamedSchema; extensions (31) NamedAny{Any{yaml}}.
    expect(text(sub(schema.get(22)?.[0]).get(1)?.[0])).toBe('object');
    expect(named(sub(schema.get(25)?.[0]).get(1), 'spec')).toBeDefined();
    const gvk = named(schema.get(31), 'x-kubernetes-group-version-kind');
    expect(parseYAML(text(sub(gvk?.get(2)?.[0]).get(2)?.[0]) ?? '')).toEqual([
      { group: 'apps', kind: 'Deployment', version: 'v1' },
    ]);
    const path = named(sub(doc.get(8)?.[0]).get(2), '/apis/apps/v1/namespaces/{namespace}/deployments/{name}');
    const patch = sub(sub(path?.get(2)?.[0]).get(8)?.[0]);
    expect(text(patch.get(5)?.[0])).toBe('patchAppsV1NamespacedDeployment');
    // A query parameter: ParametersItem → Parameter → NonBodyParameter → QueryParameterSubSchema (3).
    const query = (patch.get(8) ?? [])
      .map((p) => sub(sub(sub(sub(p).get(1)?.[0]).get(2)?.[0]).get(3)?.[0]))
      .find((q) => text(q.get(4)?.[0]) === 'fieldValidation');
    expect(text(query?.get(2)?.[0])).toBe('query');
    expect(text(query?.get(6)?.[0])).toBe('string');
  });
});

describe('/openapi/v2 negotiation', () => {
  const request = (accept?: string, extra: Record<string, string> = {}) => ({
    method: 'GET',
    path: '/openapi/v2',
    query: new URLSearchParams(),
    headers: { accept, ...extra },
  });

  it('answers JSON by default and protobuf when asked, both with the JSON bytes’ ETag', () => {
    const service = newOpenAPIV2Service(document);
    const json = service.serve(request());
    expect(json.status).toBe(200);
    expect(json.headers['Content-Type']).toBe('application/json');
    expect(JSON.parse(Buffer.from(json.body).toString())).toMatchObject({ swagger: '2.0' });
    const proto = service.serve(
      request('application/com.github.proto-openapi.spec.v2@v1.0+protobuf, application/json'),
    );
    expect(proto.headers['Content-Type']).toBe(protobufMediaType);
    expect(proto.headers.Etag).toBe(json.headers.Etag);
    expect(text(fields(proto.body).get(1)?.[0])).toBe('2.0');
  });

  it('follows the client’s q values, answers 406 for what it cannot produce, 304 for a current ETag', () => {
    const service = newOpenAPIV2Service(document);
    const preferred = service.serve(
      request('application/json;q=0.5, application/com.github.proto-openapi.spec.v2.v1.0+protobuf'),
    );
    expect(preferred.headers['Content-Type']).toBe(protobufMediaType);
    expect(service.serve(request('text/html')).status).toBe(406);
    const etag = service.serve(request()).headers.Etag ?? '';
    expect(service.serve(request(undefined, { 'if-none-match': etag })).status).toBe(304);
  });

  it('gzips for clients that accept it', () => {
    const service = newOpenAPIV2Service(document);
    const answer = service.serve(request('application/json', { 'accept-encoding': 'gzip' }));
    expect(answer.headers['Content-Encoding']).toBe('gzip');
    expect(JSON.parse(gunzipSync(answer.body).toString())).toMatchObject({ swagger: '2.0' });
  });
});
