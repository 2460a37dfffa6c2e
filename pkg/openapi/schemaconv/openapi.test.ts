import { describe, expect, it } from 'vitest';
import type { SchemaObject } from '../definitions.js';
import { loadBuiltinDefinitions } from '../definitions.js';
import { SchemaConversionError, schemaFromOpenAPI } from './openapi.js';

function atomOf(defs: Record<string, SchemaObject>, name = 'root') {
  return schemaFromOpenAPI(defs).findNamedType(name);
}

function field(defs: Record<string, SchemaObject>, name: string) {
  return atomOf(defs)?.map?.fields.get(name)?.type.resolve();
}

describe('OpenAPI to merge schema', () => {
  it('follows x-kubernetes-list-type and list-map keys', () => {
    const defs: Record<string, SchemaObject> = {
      root: {
        type: 'object',
        properties: {
          atomic: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'atomic' },
          set: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'set' },
          map: {
            type: 'array',
            items: { type: 'object' },
            'x-kubernetes-list-type': 'map',
            'x-kubernetes-list-map-keys': ['a', 'b'],
          },
          plain: { type: 'array', items: { type: 'string' } },
        },
      },
    };
    expect(field(defs, 'atomic')?.list).toMatchObject({ elementRelationship: 'atomic', keys: [] });
    expect(field(defs, 'set')?.list).toMatchObject({ elementRelationship: 'associative', keys: [] });
    expect(field(defs, 'map')?.list).toMatchObject({ elementRelationship: 'associative', keys: ['a', 'b'] });
    expect(field(defs, 'plain')?.list).toMatchObject({ elementRelationship: 'atomic' });
  });

  it('falls back to the strategic-merge-patch hints without a list type', () => {
    const defs: Record<string, SchemaObject> = {
      root: {
        type: 'object',
        properties: {
          keyed: {
            type: 'array',
            items: { type: 'object' },
            'x-kubernetes-patch-strategy': 'merge',
            'x-kubernetes-patch-merge-key': 'name',
          },
          set: { type: 'array', items: { type: 'string' }, 'x-kubernetes-patch-strategy': 'merge' },
          retain: { type: 'array', items: { type: 'string' }, 'x-kubernetes-patch-strategy': 'retainKeys' },
        },
      },
    };
    expect(field(defs, 'keyed')?.list).toMatchObject({ elementRelationship: 'associative', keys: ['name'] });
    expect(field(defs, 'set')?.list).toMatchObject({ elementRelationship: 'associative', keys: [] });
    expect(field(defs, 'retain')?.list).toMatchObject({ elementRelationship: 'atomic' });
  });

  it('makes maps atomic or granular, on the type or on a field that refers to it (also through allOf)', () => {
    const defs: Record<string, SchemaObject> = {
      root: {
        type: 'object',
        properties: {
          plain: { $ref: '#/definitions/sel' },
          granular: { $ref: '#/definitions/sel', 'x-kubernetes-map-type': 'granular' },
          wrapped: { allOf: [{ $ref: '#/components/schemas/sel' }], 'x-kubernetes-map-type': 'granular' },
          labels: { type: 'object', additionalProperties: { type: 'string' } },
        },
      },
      sel: { type: 'object', properties: { a: { type: 'string' } }, 'x-kubernetes-map-type': 'atomic' },
    };
    expect(field(defs, 'plain')?.map?.elementRelationship).toBe('atomic');
    expect(field(defs, 'granular')?.map?.elementRelationship).toBe('separable');
    expect(field(defs, 'wrapped')?.map?.elementRelationship).toBe('separable');
    expect(field(defs, 'labels')?.map).toMatchObject({ elementRelationship: '' });
  });

  it('types scalars as upstream: formats other than byte take any scalar', () => {
    const defs: Record<string, SchemaObject> = {
      root: {
        type: 'object',
        properties: {
          s: { type: 'string' },
          b: { type: 'string', format: 'byte' },
          t: { type: 'string', format: 'date-time' },
          ios: { type: 'string', format: 'int-or-string' },
          i: { type: 'integer' },
          n: { type: 'number' },
          bool: { type: 'boolean' },
          any: {},
        },
      },
    };
    expect(['s', 'b', 't', 'ios', 'i', 'n', 'bool'].map((f) => field(defs, f)?.scalar)).toEqual([
      'string',
      'string',
      'untyped',
      'untyped',
      'numeric',
      'numeric',
      'boolean',
    ]);
    const any = field(defs, 'any');
    expect(any?.scalar).toBe('untyped');
    expect(any?.list?.elementRelationship).toBe('atomic');
    expect(any?.map?.elementType?.namedType).toBe('__untyped_deduced_');
  });

  it('allows unknown fields only in free-form objects or under preserve-unknown-fields', () => {
    const defs: Record<string, SchemaObject> = {
      root: {
        type: 'object',
        properties: {
          strict: { type: 'object', properties: { a: { type: 'string' } } },
          free: { type: 'object' },
          preserved: {
            type: 'object',
            properties: { a: { type: 'object', properties: { b: { type: 'string' } } } },
            'x-kubernetes-preserve-unknown-fields': true,
          },
        },
      },
    };
    expect(field(defs, 'strict')?.map?.elementType).toBeUndefined();
    expect(field(defs, 'free')?.map?.elementType?.namedType).toBe('__untyped_deduced_');
    const preserved = field(defs, 'preserved')?.map;
    expect(preserved?.elementType?.namedType).toBe('__untyped_deduced_');
    // Preserving extends to what is inlined below.
    expect(preserved?.fields.get('a')?.type.resolve()?.map?.elementType?.namedType).toBe('__untyped_deduced_');
  });

  it('keeps property defaults for key fields', () => {
    const defs: Record<string, SchemaObject> = {
      root: { type: 'object', properties: { protocol: { type: 'string', default: 'TCP' } } },
    };
    expect(atomOf(defs)?.map?.fields.get('protocol')?.default).toBe('TCP');
  });

  it('fails a definition it cannot convert, naming it', () => {
    const defs: Record<string, SchemaObject> = {
      root: {
        type: 'object',
        properties: { l: { type: 'array', items: { type: 'string' }, 'x-kubernetes-list-type': 'bag' } },
      },
      noKeys: { type: 'array', items: { type: 'object' }, 'x-kubernetes-list-type': 'map' },
      weird: { type: 'tuple' },
    };
    expect(() => atomOf(defs)?.map?.fields.get('l')?.type.resolve()).toThrow(
      new SchemaConversionError('inlined in root: unknown list type bag'),
    );
    expect(() => atomOf(defs, 'noKeys')).toThrow('noKeys: missing map keys');
    expect(() => atomOf(defs, 'weird')).toThrow("weird: unrecognized type: 'tuple'");
  });

  it('converts the built-in definitions, with upstream’s special cases', async () => {
    const schema = schemaFromOpenAPI((await loadBuiltinDefinitions()).schemas);
    expect(schema.findNamedType('io.k8s.apimachinery.pkg.api.resource.Quantity')).toEqual({ scalar: 'untyped' });
    const raw = schema.findNamedType('io.k8s.apimachinery.pkg.runtime.RawExtension');
    expect(raw?.map?.elementRelationship).toBe('atomic');
    const podSpec = schema.findNamedType('io.k8s.api.core.v1.PodSpec');
    expect(podSpec?.map?.fields.get('containers')?.type.resolve()?.list).toMatchObject({
      elementRelationship: 'associative',
      keys: ['name'],
    });
    const meta = schema.findNamedType('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
    expect(meta?.map?.fields.get('finalizers')?.type.resolve()?.list?.elementRelationship).toBe('associative');
    expect(schema.findNamedType('io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector')?.map?.elementRelationship).toBe(
      'atomic',
    );
    // Recursive types are cycles, converted lazily.
    const props = schema.findNamedType('io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps');
    expect(props?.map?.fields.get('properties')?.type.resolve()?.map?.elementType?.resolve()).toBe(props);
    expect(schema.findNamedType('no.such.Type')).toBeUndefined();
  });
});
