/**
 * The one schema source: OpenAPI (v2-style) definitions of every API type, keyed by definition
 * name (`io.k8s.api.apps.v1.Deployment`) and indexed by group/version/kind. Built-in types come
 * from api/openapi-spec/definitions.json; CRDs will add their own with `withDefinitions`.
 *
 * Loading the built-ins parses ~420 KB of JSON (a few ms, see api/README.md), so it happens on
 * first use and is memoized.
 */
import type { GroupVersionKind } from '../apis/meta/v1/types.js';

/** The subset of an OpenAPI schema object the definitions use, plus Kubernetes extensions. */
export interface SchemaObject {
  type?: string;
  format?: string;
  description?: string;
  properties?: Record<string, SchemaObject>;
  additionalProperties?: SchemaObject | boolean;
  items?: SchemaObject;
  required?: string[];
  $ref?: string;
  allOf?: SchemaObject[];
  default?: unknown;
  enum?: unknown[];
  'x-kubernetes-group-version-kind'?: GroupVersionKind[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
  [extension: `x-${string}`]: unknown;
}

export interface Definitions {
  /** Definition name → schema; `$ref`s point at `#/definitions/<name>`. */
  readonly schemas: Readonly<Record<string, SchemaObject>>;
  /** The definition of a kind, or undefined when no schema describes it. */
  nameFor(gvk: GroupVersionKind): string | undefined;
}

export const definitionsRefPrefix = '#/definitions/';

/** The definition name a `$ref` points at. */
export function refName(ref: string): string {
  return ref.startsWith(definitionsRefPrefix) ? ref.slice(definitionsRefPrefix.length) : ref;
}

/**
 * Definitions that hold arbitrary JSON although typed `object` or untyped: embedded objects,
 * managed-fields sets, patches, and apiextensions' JSON-schema unions. Field validation and
 * strategic merge patch both treat their values as opaque.
 */
export const arbitraryJSONDefinitions: ReadonlySet<string> = new Set([
  'io.k8s.apimachinery.pkg.runtime.RawExtension',
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1',
  'io.k8s.apimachinery.pkg.apis.meta.v1.Patch',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSON',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrArray',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrBool',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaPropsOrStringArray',
]);

function gvkKey(gvk: GroupVersionKind): string {
  return `${gvk.group}/${gvk.version}/${gvk.kind}`;
}

/**
 * Indexes definitions by the GVKs their `x-kubernetes-group-version-kind` lists. When several
 * definitions claim a GVK, the first wins.
 */
export function newDefinitions(schemas: Readonly<Record<string, SchemaObject>>): Definitions {
  const byGVK = new Map<string, string>();
  for (const [name, schema] of Object.entries(schemas)) {
    for (const gvk of schema['x-kubernetes-group-version-kind'] ?? []) {
      const key = gvkKey(gvk);
      if (!byGVK.has(key)) byGVK.set(key, name);
    }
  }
  return { schemas, nameFor: (gvk) => byGVK.get(gvkKey(gvk)) };
}

/** Definitions plus more (a CRD's kinds): later schemas override earlier ones of the same name. */
export function withDefinitions(base: Definitions, extra: Readonly<Record<string, SchemaObject>>): Definitions {
  return newDefinitions({ ...base.schemas, ...extra });
}

/**
 * Types with a string field named `description`. The schema data had every `description` key
 * removed to drop documentation text, and these fields went with it; without them strict field
 * validation refuses (and pruning drops) a CRD schema's or printer column's description and a
 * PriorityClass's.
 */
export const strippedDescriptionFields: readonly string[] = [
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceColumnDefinition',
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.ExternalDocumentation',
  'io.k8s.api.scheduling.v1.PriorityClass',
];

/** Puts the `description` string field back into the definitions listed in strippedDescriptionFields. */
export function restoreDescriptionFields(schemas: Record<string, SchemaObject>): Record<string, SchemaObject> {
  for (const name of strippedDescriptionFields) {
    const schema = schemas[name];
    if (schema?.properties && !schema.properties.description)
      schemas[name] = { ...schema, properties: { ...schema.properties, description: { type: 'string' } } };
  }
  return schemas;
}

let builtin: Promise<Definitions> | undefined;

/** The built-in Kubernetes definitions, loaded once per process. */
export function loadBuiltinDefinitions(): Promise<Definitions> {
  builtin ??= import('../../api/openapi-spec/definitions.json', { with: { type: 'json' } }).then((m) =>
    newDefinitions(
      restoreDescriptionFields((m.default as unknown as { definitions: Record<string, SchemaObject> }).definitions),
    ),
  );
  return builtin;
}
