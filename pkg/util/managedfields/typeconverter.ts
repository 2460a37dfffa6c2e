/**
 * Type converters (typeconverter.go): from OpenAPI definitions (the built-in kinds' or a CRD's),
 * or deduced for kinds without a schema.
 */
import {
  type Definitions,
  loadBuiltinDefinitions,
  type SchemaObject,
  withDefinitions,
} from '../../openapi/definitions.js';
import { newTypeConverter, type TypeConverter } from './internal/typeconverter.js';
import { loadBuiltinGoStructs } from './zero-objects.js';

export {
  newDeducedTypeConverter,
  newTypeConverter,
  NoCorrespondingTypeError,
  type TypeConverter,
} from './internal/typeconverter.js';

/**
 * Defaults of list-map key fields (`+default=` in k8s.io/api). Upstream's OpenAPI carries them
 * and the merge algorithm names an item that omits the field by its default (a container port
 * applied without a protocol is `k:{"containerPort":80,"protocol":"TCP"}`); the project's
 * definitions are stripped of defaults, so the key fields' are restored here.
 */
const keyFieldDefaults: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {
  'io.k8s.api.core.v1.ContainerPort': { protocol: 'TCP' },
  'io.k8s.api.core.v1.ServicePort': { protocol: 'TCP' },
  'io.k8s.api.core.v1.LocalObjectReference': { name: '' },
};

/** The definitions with the key fields' defaults put back. */
export function withKeyFieldDefaults(definitions: Definitions): Definitions {
  const patched: Record<string, SchemaObject> = {};
  for (const [name, defaults] of Object.entries(keyFieldDefaults)) {
    const schema = definitions.schemas[name];
    if (!schema?.properties) continue;
    const properties = { ...schema.properties };
    for (const [field, value] of Object.entries(defaults)) {
      const property = properties[field];
      if (property && property.default === undefined) properties[field] = { ...property, default: value };
    }
    patched[name] = { ...schema, properties };
  }
  return withDefinitions(definitions, patched);
}

let builtin: Promise<TypeConverter> | undefined;

/** The converter for built-in kinds, loaded once per process. */
export function loadBuiltinTypeConverter(): Promise<TypeConverter> {
  builtin ??= Promise.all([loadBuiltinDefinitions(), loadBuiltinGoStructs()]).then(([defs, goStructs]) =>
    newTypeConverter(withKeyFieldDefaults(defs), false, (obj) => goStructs.normalize(obj)),
  );
  return builtin;
}
