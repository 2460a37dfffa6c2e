import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { maxNestingDepth } from '../../../util/json/depth.js';
import { DecodeError } from '../errors/errors.js';
import { encodeRaw } from './encode.js';
import { NoProtobufMessageError, decodeProtobuf, encodeProtobuf, protoEncodingPrefix } from './protobuf.js';
import { type ProtobufSchema, loadProtobufSchema } from './schema.js';

const testdata = path.join(path.dirname(fileURLToPath(import.meta.url)), 'testdata');
const fixtures = readdirSync(testdata)
  .filter((f) => f.endsWith('.pb'))
  .map((f) => f.slice(0, -3));

let schema: ProtobufSchema;
beforeAll(async () => {
  schema = await loadProtobufSchema();
});

describe('decodeProtobuf on bodies captured from kubectl 1.33', () => {
  it('has fixtures', () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(20);
  });

  it.each(fixtures)('decodes %s into exactly what kubectl 1.31 sent as JSON', (name) => {
    const pb = readFileSync(path.join(testdata, `${name}.pb`));
    const json = JSON.parse(readFileSync(path.join(testdata, `${name}.json`), 'utf8')) as Record<string, unknown>;
    expect(decodeProtobuf(schema, pb).object).toStrictEqual(json);
  });

  it.each(fixtures)('re-encodes the JSON of %s to protobuf that decodes to the same object', (name) => {
    const json = JSON.parse(readFileSync(path.join(testdata, `${name}.json`), 'utf8')) as Record<string, unknown>;
    expect(decodeProtobuf(schema, encodeProtobuf(schema, json)).object).toStrictEqual(json);
  });
});

describe('decodeProtobuf errors', () => {
  const errorOf = (data: Uint8Array) => {
    try {
      decodeProtobuf(schema, data);
    } catch (err) {
      return err;
    }
    throw new Error('expected an error');
  };

  it('rejects an empty body as upstream does', () => {
    expect(errorOf(new Uint8Array(0))).toMatchObject({ name: 'DecodeError', message: 'empty data' });
  });

  it('rejects data without the k8s magic prefix', () => {
    expect(errorOf(Buffer.from('{"kind":"Namespace"}'))).toMatchObject({
      message: 'provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]',
    });
  });

  it('rejects the bare prefix as an empty body', () => {
    expect(errorOf(protoEncodingPrefix)).toMatchObject({ message: 'empty body' });
  });

  it('reports a truncated body as unexpected EOF', () => {
    const pb = readFileSync(path.join(testdata, 'deployment.pb'));
    expect(errorOf(pb.subarray(0, pb.length - 7))).toMatchObject({ message: 'unexpected EOF' });
  });

  it('names the missing kind in Go syntax and keeps the version it read', () => {
    const body = withEnvelope({ apiVersion: 'v1', kind: '' });
    const err = errorOf(body);
    expect(err).toBeInstanceOf(DecodeError);
    expect(err).toMatchObject({
      message: `Object 'Kind' is missing in 'runtime.TypeMeta{APIVersion:"v1", Kind:""}'`,
      gvk: { group: '', version: 'v1', kind: '' },
    });
  });

  it('takes a missing kind and version from the endpoint defaults', () => {
    const body = withEnvelope({ apiVersion: '', kind: '' });
    const decoded = decodeProtobuf(schema, body, { group: 'apps', version: 'v1', kind: 'Deployment' });
    expect(decoded.gvk).toEqual({ group: 'apps', version: 'v1', kind: 'Deployment' });
    expect(decoded.object).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment' });
  });

  it('refuses kinds without a protobuf message, even in a group that shares a built-in name', () => {
    expect(errorOf(withEnvelope({ apiVersion: 'apps.example.com/v1', kind: 'Deployment' }))).toBeInstanceOf(
      NoProtobufMessageError,
    );
    expect(
      errorOf(withEnvelope({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition' })),
    ).toBeInstanceOf(NoProtobufMessageError);
  });
});

describe('decodeProtobuf nesting (regression: deep bodies overflowed the stack)', () => {
  const nested = (depth: number): unknown => {
    let v: unknown = 'leaf';
    for (let i = 0; i < depth; i++) v = { a: v };
    return v;
  };
  const revision = (data: unknown) => ({
    apiVersion: 'apps/v1',
    kind: 'ControllerRevision',
    metadata: { name: 'r' },
    data,
    revision: 1,
  });

  it('decodes embedded JSON up to the nesting limit and refuses it past that', () => {
    // The revision object is level 1, so its data may nest maxNestingDepth - 1 levels.
    const deepest = revision(nested(maxNestingDepth - 1));
    expect(decodeProtobuf(schema, encodeProtobuf(schema, deepest)).object).toEqual(deepest);
    expect(() => decodeProtobuf(schema, encodeProtobuf(schema, revision(nested(maxNestingDepth))))).toThrow(
      'proto: exceeded maximum recursion depth',
    );
  });

  it('skips unknown groups of any nesting without recursing, as gogo does', () => {
    // Field 15 is no Namespace field: 100,000 start-group tags, then as many end-group tags.
    const groups = 100_000;
    const raw = Buffer.concat([Buffer.alloc(groups, 0x7b), Buffer.alloc(groups, 0x7c)]);
    const body = withEnvelope({ apiVersion: 'v1', kind: 'Namespace' }, raw);
    expect(decodeProtobuf(schema, body).object).toEqual({ apiVersion: 'v1', kind: 'Namespace' });
    expect(() =>
      decodeProtobuf(schema, withEnvelope({ apiVersion: 'v1', kind: 'Namespace' }, Buffer.of(0x7c))),
    ).toThrow('proto: unexpected end of group');
    expect(() =>
      decodeProtobuf(schema, withEnvelope({ apiVersion: 'v1', kind: 'Namespace' }, Buffer.alloc(groups, 0x7b))),
    ).toThrow('unexpected EOF');
  });
});

function withEnvelope(typeMeta: { apiVersion: string; kind: string }, raw = new Uint8Array(0)): Uint8Array {
  const envelope = encodeRaw(schema.unknown, { typeMeta, raw });
  return Buffer.concat([protoEncodingPrefix, envelope]);
}
