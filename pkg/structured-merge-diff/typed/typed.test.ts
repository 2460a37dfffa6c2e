import { describe, expect, it } from 'vitest';
import type { SchemaObject } from '../../openapi/definitions.js';
import { schemaFromOpenAPI } from '../../openapi/schemaconv/openapi.js';
import { makePath } from '../fieldpath/path.js';
import { FieldSet } from '../fieldpath/set.js';
import { ValidationErrors } from './helpers.js';
import { reconcileFieldSetWithSchema } from './reconcile-schema.js';
import { TypedValue } from './typed.js';

const defs: Record<string, SchemaObject> = {
  root: {
    type: 'object',
    properties: {
      s: { type: 'string' },
      n: { type: 'integer' },
      b: { type: 'boolean' },
      q: { $ref: '#/definitions/io.k8s.apimachinery.pkg.api.resource.Quantity' },
      m: { type: 'object', additionalProperties: { type: 'string' } },
      l: { type: 'array', items: { type: 'string' } },
      obj: {
        type: 'object',
        properties: { a: { type: 'string' }, inner: { type: 'object', properties: { x: { type: 'string' } } } },
      },
    },
  },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { type: 'string' },
};
const schema = schemaFromOpenAPI(defs);
const root = schema.ref('root');
const typed = (v: Parameters<typeof TypedValue.asTyped>[0]) => TypedValue.asTyped(v, schema, root);

describe('validation', () => {
  it('words type errors as upstream', () => {
    expect(() => typed({ s: 5 })).toThrow('.s: expected string, got &value.valueUnstructured{Value:5}');
    expect(() => typed({ b: 'yes' })).toThrow('.b: expected boolean, got &{yes}');
    expect(() => typed({ m: [] })).toThrow('.m: expected map, got &{[]}');
    expect(() => typed({ n: { a: 1 } })).toThrow('.n: expected numeric (int or float), got map[string]interface {}');
  });

  it('lists several errors under "errors:"', () => {
    let err: unknown;
    try {
      typed({ s: 5, b: 'x' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ValidationErrors);
    expect((err as Error).message).toBe(
      'errors:\n  .s: expected string, got &value.valueUnstructured{Value:5}\n  .b: expected boolean, got &{x}',
    );
  });

  it('takes a number or a string for a Quantity, and nulls anywhere', () => {
    expect(() => typed({ q: 1 })).not.toThrow();
    expect(() => typed({ q: '100m', s: null, m: null, l: null })).not.toThrow();
  });
});

describe('typed operations', () => {
  it('lists the fields a value sets: scalars, atomic lists, map entries, nulls and empty maps', () => {
    const set = typed({ s: 'x', l: ['a'], m: { k: 'v' }, obj: { inner: {} }, n: null }).toFieldSet();
    expect(set.toString().split('\n')).toEqual(['.l', '.n', '.s', '.m.k', '.obj.inner']);
  });

  it('compares: added, removed, modified', () => {
    const cmp = typed({ s: 'x', m: { a: '1', b: '2' } }).compare(typed({ s: 'y', m: { b: '2', c: '3' }, n: 1 }));
    expect(cmp.modified.toString()).toBe('.s');
    expect(cmp.added.toString().split('\n')).toEqual(['.n', '.m.c']);
    expect(cmp.removed.toString()).toBe('.m.a');
    expect(cmp.isSame()).toBe(false);
    expect(
      typed({ s: 'x' })
        .compare(typed({ s: 'x' }))
        .isSame(),
    ).toBe(true);
  });

  it('removes fields; a map left empty becomes null, as upstream', () => {
    const v = typed({ s: 'x', m: { a: '1' }, obj: { a: 'z', inner: { x: 'y' } } });
    expect(v.removeItems(FieldSet.of(makePath('m', 'a'), makePath('obj', 'inner'))).value).toEqual({
      s: 'x',
      m: null,
      obj: { a: 'z' },
    });
    expect(v.removeItems(FieldSet.of(makePath('s'), makePath('m'), makePath('obj'))).value).toBeNull();
  });

  it('refuses to merge or compare values of different types', () => {
    const other = TypedValue.asTyped('1', schema, schema.ref('io.k8s.apimachinery.pkg.api.resource.Quantity'));
    expect(() => typed({}).merge(other)).toThrow(
      'expected objects of the same type, but got named type: root and named type: io.k8s.apimachinery.pkg.api.resource.Quantity',
    );
    const elsewhere = schemaFromOpenAPI(defs);
    expect(() => typed({}).compare(TypedValue.asTyped({}, elsewhere, elsewhere.ref('root')))).toThrow(
      'expected objects with types from the same schema',
    );
  });

  it('reconciles a set recorded inside a map that is atomic now into the map itself', () => {
    const atomicDefs: Record<string, SchemaObject> = {
      root: {
        type: 'object',
        properties: {
          obj: { type: 'object', properties: { a: { type: 'string' } }, 'x-kubernetes-map-type': 'atomic' },
        },
      },
    };
    const s = schemaFromOpenAPI(atomicDefs);
    const recorded = FieldSet.of(makePath('obj', 'a'));
    expect(reconcileFieldSetWithSchema(recorded, s.ref('root'))?.toString()).toBe('.obj');
    expect(reconcileFieldSetWithSchema(FieldSet.of(makePath('obj')), s.ref('root'))).toBeUndefined();
  });
});
