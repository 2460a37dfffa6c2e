import { beforeAll, describe, expect, it } from 'vitest';
import { loadBuiltinDefinitions } from '../../../openapi/definitions.js';
import { type SchemaIndex, newSchemaIndex } from '../../../openapi/schema-index.js';
import type { Structural } from '../../structural/structural.js';
import { duplicatesOnly, findJSONPatchStrictErrors, findStrictJSONErrors } from './strict.js';

let deployment: Structural;
let secret: Structural;
let controllerRevision: Structural;
beforeAll(async () => {
  const index: SchemaIndex = newSchemaIndex(await loadBuiltinDefinitions());
  const of = (group: string, kind: string) => index.structuralFor({ group, version: 'v1', kind }) as Structural;
  deployment = of('apps', 'Deployment');
  secret = of('', 'Secret');
  controllerRevision = of('apps', 'ControllerRevision');
});

describe('findStrictJSONErrors', () => {
  it('reports duplicates and unknown fields in document order with full paths', () => {
    const text = `{"metadata":{"name":"a","name":"b","unknownMeta":1},
      "spec":{"unknown1":"v","unknownDupe":1,"unknownDupe":2,"paused":true,"paused":false,
      "template":{"spec":{"containers":[{"name":"c"},{"name":"d","unknownNested":1,"image":"x","image":"y"}]}}}}`;
    expect(findStrictJSONErrors(text, deployment)).toEqual([
      'duplicate field "metadata.name"',
      'unknown field "metadata.unknownMeta"',
      'unknown field "spec.unknown1"',
      'unknown field "spec.unknownDupe"',
      'duplicate field "spec.paused"',
      'unknown field "spec.template.spec.containers[1].unknownNested"',
      'duplicate field "spec.template.spec.containers[1].image"',
    ]);
  });

  it('reports duplicate map keys, with the key in the path', () => {
    expect(
      findStrictJSONErrors('{"metadata":{"labels":{"a":"1","a":"2"}},"data":{"k":"eA==","k":"eQ=="}}', secret),
    ).toEqual(['duplicate field "metadata.labels.a"', 'duplicate field "data.k"']);
  });

  it('does not look inside unknown fields or embedded raw objects', () => {
    const text = '{"spec":{"bogus":{"a":1,"a":2}}, "data":{"x":1,"x":2,"y":{"z":[1,{"q":1,"q":2}]}}}';
    expect(findStrictJSONErrors(`{"spec":{"bogus":{"a":1,"a":2}}}`, deployment)).toEqual([
      'unknown field "spec.bogus"',
    ]);
    expect(findStrictJSONErrors(text, controllerRevision)).toEqual(['unknown field "spec"']);
  });

  it('decodes escaped keys and skips strings holding brackets and quotes', () => {
    const text = '{"metadata":{"annotations":{"a\\"b":"}]\\"[{","a\\u0022b":"x"}},"sp\\u0065c":{"paused":true}}';
    expect(findStrictJSONErrors(text, deployment)).toEqual(['duplicate field "metadata.annotations.a\\"b"']);
  });

  it('only finds duplicates, everywhere, in duplicatesOnly mode', () => {
    expect(findStrictJSONErrors('{"spec":{"x":1,"x":2,"l":[{"a":1,"a":1}]}}', duplicatesOnly)).toEqual([
      'duplicate field "spec.x"',
      'duplicate field "spec.l[0].a"',
    ]);
  });

  it('keeps at most 100 findings', () => {
    const keys = Array.from({ length: 150 }, (_, i) => `"u${i}":1`).join(',');
    expect(findStrictJSONErrors(`{${keys}}`, deployment)).toHaveLength(100);
  });
});

describe('findJSONPatchStrictErrors', () => {
  it('reports unknown and duplicate operation fields as upstream (field_validation_test json-patch case)', () => {
    const body = `[
      {"op": "add", "path": "/spec/unknown1", "value": "val1", "foo":"bar"},
      {"op": "add", "path": "/spec/unknown2", "path": "/spec/unknown3", "value": "val1"},
      {"op": "add", "path": "/spec/paused", "value": {"x": 1, "x": 2}}
    ]`;
    expect(findJSONPatchStrictErrors(body)).toEqual([
      'json patch unknown field "[0].foo"',
      'json patch duplicate field "[1].path"',
    ]);
  });
});
