import { describe, expect, it } from 'vitest';
import type { JSONSchemaProps } from '../../apis/apiextensions/v1/types.js';
import { Path } from '../../util/validation/field/errors.js';
import { applyDefaults, pruneNonNullableNullsWithoutDefaults } from './defaulting/algorithm.js';
import { validateListSetsAndMaps } from './listtype/validation.js';
import { prune } from './pruning/algorithm.js';
import { newStructural, StructuralError } from './structural.js';
import { validateStructural } from './validation.js';

const structuralErrors = (s: JSONSchemaProps) => validateStructural(Path.root('schema'), s).map(String);

describe('structural schema rules', () => {
  it('allows the int-or-string anyOf pattern and flags value validations naming unknown fields', () => {
    expect(
      structuralErrors({
        type: 'object',
        properties: {
          port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
          spec: { type: 'object', properties: { a: { type: 'string' } } },
        },
        // Completeness is checked from the root's value validations, as upstream does.
        allOf: [{ properties: { spec: { properties: { b: { minLength: 1 } } } } }],
      }),
    ).toEqual([
      'schema.properties[spec].properties[b]: Required value: because it is defined in schema.allOf[0].properties[spec].properties[b]',
    ]);
  });

  it('requires embedded resources to be objects with properties', () => {
    expect(
      structuralErrors({
        type: 'object',
        properties: {
          t: { type: 'string', 'x-kubernetes-embedded-resource': true },
          u: { type: 'object', 'x-kubernetes-embedded-resource': true },
        },
      }),
    ).toEqual([
      'schema.properties[t].properties: Required value: must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields',
      'schema.properties[t].type: Invalid value: "string": must be object if x-kubernetes-embedded-resource is true',
      'schema.properties[u].properties: Required value: must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields',
    ]);
  });

  it('refuses what NewStructural cannot convert', () => {
    expect(() => newStructural({ type: 'object', $ref: '#/x' })).toThrow(
      new StructuralError("OpenAPIV3Schema '$ref' is not supported"),
    );
    expect(() => newStructural({ type: 'array', items: [{ type: 'string' }] })).toThrow(
      "OpenAPIV3Schema 'items' must be a schema, but is an array",
    );
  });
});

describe('pruning, defaulting, list types', () => {
  const s = newStructural({
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        properties: {
          keep: {
            type: 'object',
            'x-kubernetes-preserve-unknown-fields': true,
            properties: { typed: { type: 'object', properties: { a: { type: 'string' } } } },
          },
          n: { type: 'string' },
          d: { type: 'string', default: 'dflt' },
          nul: { type: 'string', nullable: true },
          set: {
            type: 'array',
            'x-kubernetes-list-type': 'set',
            items: { type: 'object', 'x-kubernetes-map-type': 'atomic' },
          },
          map: {
            type: 'array',
            'x-kubernetes-list-type': 'map',
            'x-kubernetes-list-map-keys': ['a', 'b'],
            items: { type: 'object', properties: { a: { type: 'string' }, b: { type: 'integer' } } },
          },
        },
      },
    },
  });

  it('prunes unknown fields but below preserve-unknown-fields only descends into declared ones', () => {
    const obj = {
      apiVersion: 'x/v1',
      kind: 'K',
      metadata: { name: 'n' },
      spec: { keep: { free: 1, typed: { a: 'x', b: 2 } }, zap: 1 },
      extra: 1,
    };
    expect(prune(obj, s, true)).toEqual(['extra', 'spec.keep.typed.b', 'spec.zap']);
    expect(obj).toEqual({
      apiVersion: 'x/v1',
      kind: 'K',
      metadata: { name: 'n' },
      spec: { keep: { free: 1, typed: { a: 'x' } } },
    });
  });

  it('drops non-nullable nulls without defaults, defaults the others', () => {
    const obj = { spec: { n: null, d: null, nul: null } };
    pruneNonNullableNullsWithoutDefaults(obj, s);
    applyDefaults(obj, s);
    expect(obj).toEqual({ spec: { d: 'dflt', nul: null } });
  });

  it('finds duplicates in sets and in maps with several keys', () => {
    const obj = {
      spec: {
        set: [{ x: 1 }, { x: 1 }, { x: 2 }],
        map: [
          { a: 'k', b: 1 },
          { a: 'k', b: 2 },
          { a: 'k', b: 1 },
        ],
      },
    };
    expect(validateListSetsAndMaps(Path.root(''), s, obj).map(String)).toEqual([
      'spec.set[1]: Duplicate value: map[string]interface {}{"x":1}',
      'spec.map[2]: Duplicate value: map[string]interface {}{"a":"k", "b":1}',
    ]);
    expect(validateListSetsAndMaps(Path.root(''), s, { spec: { map: ['x'] } }).map(String)).toEqual([
      'spec.map[0]: Invalid value: "x": must be an object for an array of list-type map',
    ]);
  });
});
