/**
 * OpenAPI schemas to merge-algorithm schemas (k8s.io/kube-openapi/pkg/schemaconv): the one
 * converter for the built-in definitions and for CustomResourceDefinition schemas alike.
 *
 * - `type: object` with properties is a struct; `additionalProperties` types other keys; with
 *   neither (or with x-kubernetes-preserve-unknown-fields) any key is allowed, its type deduced
 *   from the value. `x-kubernetes-map-type: atomic` makes a map one field.
 * - `type: array` follows `x-kubernetes-list-type` (atomic, set, or map keyed by
 *   `x-kubernetes-list-map-keys`), else the strategic-merge-patch hints (merge with a merge key
 *   is a map list, merge without one a set), else atomic.
 * - A schema without a type takes any value (scalar, list or map); Quantity is any scalar;
 *   RawExtension any value, owned whole.
 * - `$ref`s (also wrapped in a one-element `allOf`, as OpenAPI v3 documents write them) become
 *   named types, converted on first use; `x-kubernetes-map-type` beside a `$ref` overrides the
 *   referenced type's map relationship for that field.
 */
import {
  addUntypedTypes,
  type Atom,
  type ElementRelationship,
  type ListType,
  type MapType,
  Schema,
  type StructField,
  TypeRef,
  untypedAtomicName,
  untypedDeducedName,
} from '../../structured-merge-diff/schema/elements.js';
import type { Value } from '../../structured-merge-diff/value/value.js';
import type { SchemaObject } from '../definitions.js';

const quantityResource = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
const rawExtensionResource = 'io.k8s.apimachinery.pkg.runtime.RawExtension';

/** A schema that cannot be converted (an unknown list type, a map list without keys, …). */
export class SchemaConversionError extends Error {
  override readonly name = 'SchemaConversionError';
}

export interface ConvertOptions {
  /** Allow unknown fields everywhere (a CRD with spec.preserveUnknownFields). */
  readonly preserveUnknownFields?: boolean;
}

/** The definition name a `$ref` names: its last path segment. */
function refTarget(ref: string): string {
  return ref.slice(ref.lastIndexOf('/') + 1);
}

/**
 * A schema over OpenAPI definitions (name → schema, the names `$ref`s use). Types are converted
 * on first use; a definition that does not convert throws SchemaConversionError then.
 */
export function schemaFromOpenAPI(
  definitions: Readonly<Record<string, SchemaObject>>,
  opts: ConvertOptions = {},
): Schema {
  return new Schema((name, schema) => {
    if (name === untypedAtomicName || name === untypedDeducedName) return addUntypedTypes(schema, name);
    const spec = Object.hasOwn(definitions, name) ? definitions[name] : undefined;
    if (!spec) return undefined;
    // A definition that only refers to another is not a type of its own.
    if (spec.$ref) return undefined;
    if (name === quantityResource) return { scalar: 'untyped' };
    if (name === rawExtensionResource) return untypedAtomic(schema);
    const c = new Converter(schema, name, opts.preserveUnknownFields ?? false);
    const atom = c.visit(spec);
    if (c.errors.length > 0) throw new SchemaConversionError(c.errors.join('\n'));
    return atom;
  });
}

function untypedAtomic(schema: Schema): Atom {
  const elements = schema.ref(untypedAtomicName);
  return {
    scalar: 'untyped',
    list: { elementType: elements, elementRelationship: 'atomic', keys: [] },
    map: { fields: new Map(), elementType: elements, elementRelationship: 'atomic' },
  };
}

class Converter {
  readonly errors: string[] = [];

  constructor(
    private readonly schema: Schema,
    private readonly currentName: string,
    private preserveUnknownFields: boolean,
  ) {}

  private report(message: string): void {
    this.errors.push(`${this.currentName}: ${message}`);
  }

  /** Converts a schema; x-kubernetes-preserve-unknown-fields extends to everything inlined below it. */
  visit(s: SchemaObject): Atom {
    if (s['x-kubernetes-preserve-unknown-fields'] === true) this.preserveUnknownFields = true;
    return this.parse(s);
  }

  private parse(s: SchemaObject): Atom {
    const type = s.type ?? '';
    switch (type) {
      case '':
        return { scalar: 'untyped', list: this.parseList(s), map: this.parseObject(s) };
      case 'object':
        return { map: this.parseObject(s) };
      case 'array':
        return { list: this.parseList(s) };
      case 'integer':
      case 'number':
        return { scalar: 'numeric' };
      case 'boolean':
        return { scalar: 'boolean' };
      case 'string':
        // Only plain and byte strings are strings: int-or-string, date-time and other formats take any scalar.
        return { scalar: s.format === undefined || s.format === '' || s.format === 'byte' ? 'string' : 'untyped' };
      default:
        this.report(`unrecognized type: '${type}'`);
        return { scalar: 'untyped' };
    }
  }

  private ref(s: SchemaObject): TypeRef {
    let ref = s.$ref ?? '';
    if (ref === '' && s.allOf?.length === 1 && s.allOf[0]?.$ref) ref = s.allOf[0].$ref;
    const name = refTarget(ref);
    if (name !== '') {
      const override = this.mapRelationship(s);
      return override === '' ? this.schema.ref(name) : this.schema.ref(name, override);
    }
    // An inlined schema: converted now, inheriting preserve-unknown-fields.
    const inner = new Converter(this.schema, `inlined in ${this.currentName}`, this.preserveUnknownFields);
    const atom = inner.visit(s);
    this.errors.push(...inner.errors);
    return TypeRef.inline(atom);
  }

  private parseObject(s: SchemaObject): MapType {
    const fields = new Map<string, StructField>();
    for (const [name, member] of Object.entries(s.properties ?? {})) {
      const field: StructField =
        member.default === undefined
          ? { name, type: this.ref(member) }
          : { name, type: this.ref(member), default: member.default as Value };
      fields.set(name, field);
    }
    let elementType: TypeRef | undefined;
    const additional = s.additionalProperties;
    if (additional === undefined) {
      // An object without properties is free-form; with properties, unknown fields are not allowed
      // unless preserved.
      if (this.preserveUnknownFields || fields.size === 0) elementType = this.schema.ref(untypedDeducedName);
    } else if (typeof additional === 'object') elementType = this.ref(additional);
    else if (additional) elementType = this.schema.ref(untypedDeducedName);
    return { fields, elementType, elementRelationship: this.mapRelationship(s) };
  }

  private parseList(s: SchemaObject): ListType {
    const { relationship, keys } = this.listRelationship(s);
    let elementType: TypeRef;
    const items: unknown = s.items;
    if (items !== undefined) {
      if (Array.isArray(items) || typeof items !== 'object' || items === null) {
        this.report('structural schema arrays must have exactly one member subtype');
        elementType = this.schema.ref(untypedDeducedName);
      } else elementType = this.ref(items as SchemaObject);
    } else {
      if (s.type) this.report('`items` must be specified on arrays');
      // A list whose items are not described holds any values, owned whole.
      elementType = this.schema.ref(untypedAtomicName);
    }
    return { elementType, elementRelationship: relationship, keys };
  }

  private listRelationship(s: SchemaObject): { relationship: ElementRelationship; keys: readonly string[] } {
    const listType = s['x-kubernetes-list-type'];
    if (listType !== undefined) {
      switch (listType) {
        case 'atomic':
          return { relationship: 'atomic', keys: [] };
        case 'set':
          return { relationship: 'associative', keys: [] };
        case 'map': {
          const keys = s['x-kubernetes-list-map-keys'];
          if (keys === undefined) {
            this.report('missing map keys');
            return { relationship: 'associative', keys: [] };
          }
          if (!Array.isArray(keys)) {
            this.report(`uninterpreted map keys: ${JSON.stringify(keys)}`);
            return { relationship: 'associative', keys: [] };
          }
          return { relationship: 'associative', keys: keys.filter((k): k is string => typeof k === 'string') };
        }
        default:
          this.report(`unknown list type ${String(listType)}`);
          return { relationship: 'atomic', keys: [] };
      }
    }
    const strategy = s['x-kubernetes-patch-strategy'];
    if (strategy !== undefined) {
      switch (strategy) {
        case 'merge':
        case 'merge,retainKeys': {
          const mergeKey = s['x-kubernetes-patch-merge-key'];
          if (mergeKey === undefined) return { relationship: 'associative', keys: [] };
          if (typeof mergeKey !== 'string') {
            this.report(`uninterpreted merge key: ${JSON.stringify(mergeKey)}`);
            return { relationship: 'associative', keys: [] };
          }
          return { relationship: 'associative', keys: [mergeKey] };
        }
        case 'retainKeys':
          return { relationship: 'atomic', keys: [] };
        default:
          this.report(`unknown patch strategy ${String(strategy)}`);
          return { relationship: 'atomic', keys: [] };
      }
    }
    return { relationship: 'atomic', keys: [] };
  }

  /** `x-kubernetes-map-type`: atomic or granular (separable); '' when unset. */
  private mapRelationship(s: SchemaObject): ElementRelationship | '' {
    const mapType = s['x-kubernetes-map-type'];
    switch (mapType) {
      case undefined:
        return '';
      case 'atomic':
        return 'atomic';
      case 'granular':
        return 'separable';
      default:
        this.report(`unknown map type ${String(mapType)}`);
        return '';
    }
  }
}
