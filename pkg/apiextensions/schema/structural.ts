/**
 * Structural schemas (apiextensions-apiserver pkg/apiserver/schema/structural.go, convert.go):
 * the part of a CRD's openAPIV3Schema that fixes the shape of an object — types, properties,
 * items, additionalProperties, defaults and the x-kubernetes extensions — with value-only
 * keywords (enum, pattern, allOf…) left to value validation. Pruning, defaulting, list-type
 * checks, metadata checks and CEL all walk this tree.
 */
import type { JSONSchemaProps, JSONValue, ValidationRule } from '../../apis/apiextensions/v1/types.js';

export interface Structural {
  /** '' when the node has no type (x-kubernetes-int-or-string / x-kubernetes-preserve-unknown-fields). */
  type: string;
  format: string;
  nullable: boolean;
  default?: JSONValue;
  properties?: ReadonlyMap<string, Structural>;
  items?: Structural;
  /** A schema for map values, or true/false for additionalProperties given as a bool. */
  additionalProperties?: Structural | boolean;
  preserveUnknownFields: boolean;
  embeddedResource: boolean;
  intOrString: boolean;
  listType?: string;
  listMapKeys?: readonly string[];
  mapType?: string;
  validations: readonly ValidationRule[];
  /** Value-validation bounds the CEL cost estimator reads. */
  maxItems?: number;
  maxLength?: number;
  maxProperties?: number;
  /** The node as written, for value validation. */
  source: JSONSchemaProps;
}

/** A schema that cannot be made structural (upstream NewStructural's errors). */
export class StructuralError extends Error {}

/** Fields upstream refuses to convert at all (validateUnsupportedFields). */
function checkUnsupportedFields(s: JSONSchemaProps): void {
  if (s.id) throw new StructuralError("OpenAPIV3Schema 'id' is not supported");
  if (s.$schema) throw new StructuralError("OpenAPIV3Schema 'schema' is not supported");
  if (s.$ref) throw new StructuralError("OpenAPIV3Schema '$ref' is not supported");
  if (s.patternProperties && Object.keys(s.patternProperties).length > 0)
    throw new StructuralError("OpenAPIV3Schema 'patternProperties' is not supported");
  if (s.dependencies && Object.keys(s.dependencies).length > 0)
    throw new StructuralError("OpenAPIV3Schema 'dependencies' is not supported");
  if (s.additionalItems !== undefined) throw new StructuralError("OpenAPIV3Schema 'additionalItems' is not supported");
  if (s.definitions && Object.keys(s.definitions).length > 0)
    throw new StructuralError("OpenAPIV3Schema 'definitions' is not supported");
}

/** Converts a schema node; throws StructuralError where upstream's NewStructural fails. */
export function newStructural(s: JSONSchemaProps): Structural {
  checkUnsupportedFields(s);
  if (s['x-kubernetes-preserve-unknown-fields'] === false)
    throw new StructuralError("internal error: 'x-kubernetes-preserve-unknown-fields' must be true or undefined");
  const node: Structural = {
    type: s.type ?? '',
    format: s.format ?? '',
    nullable: s.nullable === true,
    preserveUnknownFields: s['x-kubernetes-preserve-unknown-fields'] === true,
    embeddedResource: s['x-kubernetes-embedded-resource'] === true,
    intOrString: s['x-kubernetes-int-or-string'] === true,
    validations: s['x-kubernetes-validations'] ?? [],
    source: s,
  };
  if (s.default !== undefined) node.default = s.default;
  if (s['x-kubernetes-list-type'] !== undefined) node.listType = s['x-kubernetes-list-type'];
  if (s['x-kubernetes-list-map-keys'] !== undefined) node.listMapKeys = s['x-kubernetes-list-map-keys'];
  if (s['x-kubernetes-map-type'] !== undefined) node.mapType = s['x-kubernetes-map-type'];
  if (s.maxItems !== undefined) node.maxItems = s.maxItems;
  if (s.maxLength !== undefined) node.maxLength = s.maxLength;
  if (s.maxProperties !== undefined) node.maxProperties = s.maxProperties;
  if (s.items !== undefined) {
    if (Array.isArray(s.items)) throw new StructuralError("OpenAPIV3Schema 'items' must be a schema, but is an array");
    node.items = newStructural(s.items);
  }
  if (s.properties && Object.keys(s.properties).length > 0) {
    const properties = new Map<string, Structural>();
    for (const [name, child] of Object.entries(s.properties)) properties.set(name, newStructural(child));
    node.properties = properties;
  }
  if (s.additionalProperties !== undefined)
    node.additionalProperties =
      typeof s.additionalProperties === 'boolean' ? s.additionalProperties : newStructural(s.additionalProperties);
  return node;
}

/** The schema of map values, when additionalProperties is a schema. */
export function additionalPropertiesSchema(s: Structural): Structural | undefined {
  return typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
