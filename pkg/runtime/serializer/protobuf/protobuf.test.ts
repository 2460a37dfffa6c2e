import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { DecodeError } from '../errors.js';
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

function withEnvelope(typeMeta: { apiVersion: string; kind: string }): Uint8Array {
  const envelope = encodeRaw(schema.unknown, { typeMeta, raw: new Uint8Array(0) });
  return Buffer.concat([protoEncodingPrefix, envelope]);
}
