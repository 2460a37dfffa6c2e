/**
 * Structural schemas by GVK, compiled lazily from OpenAPI definitions: the schema lookup field
 * validation uses (see pkg/runtime/structural). Each definition is compiled once, on first use.
 */
import type { GroupVersionKind } from '../apis/meta/v1/types.js';
import type { Structural, StructuralLookup, StructNode } from '../runtime/structural/structural.js';
import { arbitraryJSONDefinitions, type Definitions, type SchemaObject, refName } from './definitions.js';

const specialDefinitions: Record<string, Structural> = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { kind: 'int-or-string' },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { kind: 'quantity' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': { kind: 'time' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': { kind: 'micro-time' },
};

/** `io.k8s.api.apps.v1.DeploymentSpec` → `v1.DeploymentSpec`, as Go prints the type. */
export function goTypeName(definitionName: string): string {
  const parts = definitionName.split('.');
  return parts.slice(-2).join('.');
}

export interface SchemaIndex extends StructuralLookup {
  readonly definitions: Definitions;
  /** The structural schema of one definition by name (compiled on first use). */
  structuralOf(definitionName: string): Structural;
}

export function newSchemaIndex(definitions: Definitions): SchemaIndex {
  const compiled = new Map<string, Structural>();

  function structuralOf(name: string): Structural {
    const done = compiled.get(name);
    if (done) return done;
    const special = specialDefinitions[name];
    if (special) return special;
    const schema = definitions.schemas[name];
    if (!schema || arbitraryJSONDefinitions.has(name)) return { kind: 'any' };
    if (schema.properties || (schema.type === 'object' && !schema.additionalProperties)) {
      // Register before filling the properties: types refer to themselves (JSONSchemaProps).
      const node: StructNode = {
        kind: 'struct',
        goType: goTypeName(name),
        name: name.slice(name.lastIndexOf('.') + 1),
        properties: new Map(),
      };
      compiled.set(name, node);
      const properties = node.properties as Map<string, Structural>;
      for (const [field, child] of Object.entries(schema.properties ?? {})) properties.set(field, fromSchema(child));
      return node;
    }
    const node = fromSchema(schema);
    compiled.set(name, node);
    return node;
  }

  function fromSchema(schema: SchemaObject): Structural {
    if (schema.$ref) return structuralOf(refName(schema.$ref));
    const ref = schema.allOf?.find((s) => s.$ref)?.$ref;
    if (ref) return structuralOf(refName(ref));
    if (schema['x-kubernetes-preserve-unknown-fields']) return { kind: 'any' };
    if (schema['x-kubernetes-int-or-string']) return { kind: 'int-or-string' };
    switch (schema.type) {
      case 'string':
        if (schema.format === 'int-or-string') return { kind: 'int-or-string' };
        if (schema.format === 'date-time') return { kind: 'time' };
        return { kind: 'string', goType: schema.format === 'byte' ? '[]uint8' : 'string' };
      case 'integer':
        return { kind: 'integer', goType: schema.format === 'int32' ? 'int32' : 'int64' };
      case 'number':
        return { kind: 'number', goType: 'float64' };
      case 'boolean':
        return { kind: 'boolean', goType: 'bool' };
      case 'array': {
        const items = schema.items ? fromSchema(schema.items) : ({ kind: 'any' } as const);
        return { kind: 'list', goType: `[]${goTypeOf(items)}`, items };
      }
      case 'object': {
        if (schema.additionalProperties && typeof schema.additionalProperties === 'object') {
          const values = fromSchema(schema.additionalProperties);
          return { kind: 'map', goType: `map[string]${goTypeOf(values)}`, values };
        }
        return { kind: 'any' };
      }
      default:
        return { kind: 'any' };
    }
  }

  return {
    definitions,
    structuralOf,
    structuralFor(gvk: GroupVersionKind) {
      const name = definitions.nameFor(gvk);
      return name === undefined ? undefined : structuralOf(name);
    },
  };
}

/** Go's spelling of a node's type for `[]T` / `map[string]T` names. */
function goTypeOf(node: Structural): string {
  switch (node.kind) {
    case 'any':
      return 'interface {}';
    case 'int-or-string':
      return 'intstr.IntOrString';
    case 'quantity':
      return 'resource.Quantity';
    case 'time':
      return 'v1.Time';
    case 'micro-time':
      return 'v1.MicroTime';
    default:
      return node.goType;
  }
}
