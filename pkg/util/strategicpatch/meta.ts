/**
 * Patch metadata (mirrors strategicpatch/meta.go LookupPatchMeta): for a field of a type, its
 * patch strategy (`x-kubernetes-patch-strategy`), merge key (`x-kubernetes-patch-merge-key`)
 * and the metadata of its value (or, for lists, of its elements), read from the OpenAPI
 * definitions by following `$ref`s.
 *
 * Upstream's apiserver reads the same facts from Go struct tags of the built-in types; the
 * OpenAPI extensions are generated from those tags, so both agree.
 *
 * Metadata is compiled lazily, one definition at a time, and cached per Definitions object: a
 * patch touches a handful of types (Deployment → DeploymentSpec → PodTemplateSpec → PodSpec →
 * Container …), so only those are ever compiled.
 */
import type { GroupVersionKind } from '../../apis/meta/v1/types.js';
import { arbitraryJSONDefinitions, type Definitions, type SchemaObject, refName } from '../../openapi/definitions.js';
import { goFormat, StrategicMergePatchError } from './errors.js';

/** What a patch needs to know about one field. */
export interface FieldPatchMeta {
  /** `merge` (merge lists by key, union primitive lists), `replace`, or '' (maps merge, lists replace). */
  readonly patchStrategy: string;
  /** The field also carries the `retainKeys` strategy ($retainKeys directives apply to it). */
  readonly retainKeys: boolean;
  /** The key identifying list elements of a `merge` list of maps; '' for none. */
  readonly mergeKey: string;
  /** Metadata of the field's value (`lookupForStruct`) or of its elements (`lookupForSlice`). */
  readonly meta: PatchMeta;
}

/**
 * Metadata of one type. `kind` and `name` are what upstream's messages print for it: Go's
 * reflect kind ("struct", "map", "slice", "string", …) and, for structs, the type name ("PodSpec").
 */
export interface PatchMeta {
  readonly kind: string;
  readonly name: string;
  /**
   * The field `key` of this type: a struct's property, or a map's value type for any key.
   * Undefined when a struct has no such field.
   */
  lookupForStruct(key: string): FieldPatchMeta | undefined;
  /**
   * Like lookupForStruct, but `meta` describes the list's elements. Throws upstream's error
   * when the field is not a list, or a struct has no such field.
   */
  lookupForSlice(key: string): FieldPatchMeta;
}

/**
 * The patch metadata of a kind's root type, or undefined when no definition describes the kind:
 * the caller then answers 415, as upstream does for kinds without strategic-merge metadata.
 *
 * Pass the built-in definitions (`loadBuiltinDefinitions()`): upstream serves strategic merge
 * patch for compiled-in types only, custom resources get 415 even when they have a schema.
 */
export function patchMetaForKind(definitions: Definitions, gvk: GroupVersionKind): PatchMeta | undefined {
  const name = definitions.nameFor(gvk);
  if (name === undefined || definitions.schemas[name] === undefined) return undefined;
  return compilerFor(definitions).definition(name);
}

/**
 * Metadata for content no schema describes (embedded objects, preserve-unknown-fields): maps
 * merge key by key and lists are replaced, as a plain JSON merge patch would do.
 */
export const arbitraryPatchMeta: PatchMeta = {
  kind: 'interface',
  name: '',
  lookupForStruct: () => noStrategy(arbitraryPatchMeta),
  lookupForSlice: () => noStrategy(arbitraryPatchMeta),
};

function noStrategy(meta: PatchMeta): FieldPatchMeta {
  return { patchStrategy: '', retainKeys: false, mergeKey: '', meta };
}

/** Serialized as primitives although Go models them as structs; patches never look inside. */
const primitiveDefinitions = new Set([
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString',
  'io.k8s.apimachinery.pkg.api.resource.Quantity',
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time',
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime',
]);

interface Compiler {
  definition(name: string): PatchMeta;
}

// Keyed by the Definitions object, so dropping a Definitions (CRD schemas replaced) drops its cache.
const compilers = new WeakMap<Definitions, Compiler>();

function compilerFor(definitions: Definitions): Compiler {
  let compiler = compilers.get(definitions);
  if (!compiler) {
    compiler = newCompiler(definitions);
    compilers.set(definitions, compiler);
  }
  return compiler;
}

function newCompiler(definitions: Definitions): Compiler {
  const byName = new Map<string, PatchMeta>();

  function definition(name: string): PatchMeta {
    const cached = byName.get(name);
    if (cached) return cached;
    const schema = definitions.schemas[name];
    let meta: PatchMeta;
    if (!schema || arbitraryJSONDefinitions.has(name)) meta = arbitraryPatchMeta;
    else if (primitiveDefinitions.has(name)) meta = primitiveMeta('struct');
    // Struct fields compile on first lookup, so self-referencing types (JSONSchemaProps)
    // need no cycle guard.
    else meta = fromSchema(schema, name.slice(name.lastIndexOf('.') + 1));
    byName.set(name, meta);
    return meta;
  }

  function fromSchema(schema: SchemaObject, structName = ''): PatchMeta {
    if (schema.$ref) return definition(refName(schema.$ref));
    const ref = schema.allOf?.find((s) => s.$ref)?.$ref;
    if (ref) return definition(refName(ref));
    if (schema['x-kubernetes-preserve-unknown-fields'] === true) return arbitraryPatchMeta;
    if (schema.properties) return structMeta(schema.properties, structName);
    switch (schema.type) {
      case 'array':
        return sliceMeta(schema.items ? fromSchema(schema.items) : arbitraryPatchMeta);
      case 'object':
        return typeof schema.additionalProperties === 'object'
          ? mapMeta(fromSchema(schema.additionalProperties))
          : arbitraryPatchMeta;
      case 'string':
      case 'boolean':
        return primitiveMeta(schema.type === 'string' ? 'string' : 'bool');
      case 'integer':
        return primitiveMeta(schema.format === 'int32' ? 'int32' : 'int64');
      case 'number':
        return primitiveMeta('float64');
      default:
        return arbitraryPatchMeta;
    }
  }

  function structMeta(properties: Readonly<Record<string, SchemaObject>>, name: string): PatchMeta {
    const fields = new Map<string, FieldPatchMeta>();
    const field = (key: string): FieldPatchMeta | undefined => {
      const done = fields.get(key);
      if (done) return done;
      const property = Object.hasOwn(properties, key) ? properties[key] : undefined;
      if (!property) return undefined;
      const compiled = { ...strategiesOf(property), meta: fromSchema(property) };
      fields.set(key, compiled);
      return compiled;
    };
    const meta: PatchMeta = {
      kind: 'struct',
      name,
      lookupForStruct: field,
      lookupForSlice(key) {
        const f = field(key);
        if (!f)
          throw new StrategicMergePatchError(
            `unable to find api field in struct ${name} for the json field ${JSON.stringify(key)}`,
          );
        return elementsOf(f, meta);
      },
    };
    return meta;
  }

  function mapMeta(values: PatchMeta): PatchMeta {
    const value = noStrategy(values);
    const meta: PatchMeta = {
      kind: 'map',
      name: '',
      lookupForStruct: () => value,
      lookupForSlice: () => elementsOf(value, meta),
    };
    return meta;
  }

  return { definition };
}

/** The field's metadata with `meta` switched to its elements, as upstream's LookupPatchMetadataForSlice. */
function elementsOf(field: FieldPatchMeta, parent: PatchMeta): FieldPatchMeta {
  const done = sliceFields.get(field);
  if (done) return done;
  const elements = elementMetas.get(field.meta);
  if (elements === undefined && field.meta !== arbitraryPatchMeta) {
    throw new StrategicMergePatchError(`expected slice or array type, but got: ${parent.kind}`);
  }
  const compiled = elements === undefined ? field : { ...field, meta: elements };
  sliceFields.set(field, compiled);
  return compiled;
}

// A slice's element metadata, kept out of PatchMeta so the interface stays the lookup contract,
// and each list field's element view, so lookups allocate nothing once warm.
const elementMetas = new WeakMap<PatchMeta, PatchMeta>();
const sliceFields = new WeakMap<FieldPatchMeta, FieldPatchMeta>();

function sliceMeta(elements: PatchMeta): PatchMeta {
  const meta: PatchMeta = {
    kind: 'slice',
    name: '',
    lookupForStruct: () => undefined,
    lookupForSlice: () => {
      throw notMapOrStruct('slice');
    },
  };
  elementMetas.set(meta, elements);
  return meta;
}

function primitiveMeta(kind: string): PatchMeta {
  return {
    kind,
    name: '',
    lookupForStruct: () => undefined,
    lookupForSlice: () => {
      throw notMapOrStruct(kind);
    },
  };
}

/** Looking up a field inside a value that has none (a directive placed where a list or scalar is). */
function notMapOrStruct(kind: string): StrategicMergePatchError {
  return new StrategicMergePatchError(
    `merging an object in json but data type is not map or struct, instead is: ${kind}`,
  );
}

/** Parses `x-kubernetes-patch-strategy` as upstream's extractRetainKeysPatchStrategy. */
function strategiesOf(property: SchemaObject): Omit<FieldPatchMeta, 'meta'> {
  const raw = property['x-kubernetes-patch-strategy'];
  const mergeKey =
    typeof property['x-kubernetes-patch-merge-key'] === 'string' ? property['x-kubernetes-patch-merge-key'] : '';
  const strategies = typeof raw === 'string' && raw !== '' ? raw.split(',') : [];
  const unexpected = (): StrategicMergePatchError =>
    new StrategicMergePatchError(`unexpected patch strategy: ${goFormat(strategies)}`);
  switch (strategies.length) {
    case 0:
      return { patchStrategy: '', retainKeys: false, mergeKey };
    case 1:
      return strategies[0] === 'retainKeys'
        ? { patchStrategy: '', retainKeys: true, mergeKey }
        : { patchStrategy: strategies[0] ?? '', retainKeys: false, mergeKey };
    case 2: {
      const i = strategies.indexOf('retainKeys');
      if (i < 0) throw unexpected();
      return { patchStrategy: strategies[1 - i] ?? '', retainKeys: true, mergeKey };
    }
    default:
      throw unexpected();
  }
}
