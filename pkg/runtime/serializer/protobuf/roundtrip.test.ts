/**
 * Every built-in kind with a protobuf message: a representative object, with every field filled
 * (to a depth) and every special type present, encodes to protobuf and decodes back to itself.
 * This also proves the JSON field facts (renames, inlined structs) match the OpenAPI schema.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { GroupVersionKind } from '../../../apis/meta/v1/types.js';
import { type Definitions, type SchemaObject, loadBuiltinDefinitions, refName } from '../../../openapi/definitions.js';
import { decodeProtobuf, encodeProtobuf } from './protobuf.js';
import { type ProtobufSchema, loadProtobufSchema } from './schema.js';

let definitions: Definitions;
let schema: ProtobufSchema;
const kinds: { name: string; gvk: GroupVersionKind }[] = [];

/**
 * Fields the OpenAPI definitions (one Kubernetes release) have and the protobuf schema (another
 * release) lacks: skew between the two shared data files, not a conversion bug.
 */
const knownSkew = new Set([
  'io.k8s.api.core.v1.NodeAllocatableResourceClaimStatus.resources',
  'io.k8s.api.resource.v1.Device.nodeAllocatableResourceMappings',
  'io.k8s.api.resource.v1beta1.BasicDevice.nodeAllocatableResourceMappings',
  'io.k8s.api.resource.v1beta2.Device.nodeAllocatableResourceMappings',
]);

beforeAll(async () => {
  [definitions, schema] = await Promise.all([loadBuiltinDefinitions(), loadProtobufSchema()]);
  for (const [name, def] of Object.entries(definitions.schemas)) {
    const gvk = def['x-kubernetes-group-version-kind']?.[0];
    if (gvk && definitions.schemas[name]?.['x-kubernetes-group-version-kind']?.length === 1 && schema.messageFor(gvk))
      kinds.push({ name, gvk });
  }
});

const special: Record<string, (i: number) => unknown> = {
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': () => '2024-05-01T10:00:00Z',
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': () => '2024-05-01T10:00:00.123456Z',
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': (i) => (i % 2 === 0 ? 8080 : 'http'),
  'io.k8s.apimachinery.pkg.api.resource.Quantity': (i) => (i % 2 === 0 ? '250m' : '1Gi'),
  'io.k8s.apimachinery.pkg.runtime.RawExtension': () => ({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'embedded' },
  }),
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1': () => ({ 'f:metadata': { 'f:labels': { '.': {} } } }),
};

let counter = 0;
function sample(def: SchemaObject, owner: string, depth: number): unknown {
  counter++;
  if (def.$ref) {
    const name = refName(def.$ref);
    const make = special[name];
    if (make) return make(counter);
    const target = definitions.schemas[name];
    return target && depth < 7 ? sampleObject(target, name, depth + 1) : undefined;
  }
  switch (def.type) {
    case 'string':
      return def.format === 'byte' ? 'aGVsbG8=' : `v${counter}`;
    case 'integer':
      return def.format === 'int64' ? 1_700_000_000 + counter : counter;
    case 'number':
      return counter + 0.5;
    case 'boolean':
      return true;
    case 'array': {
      const item = def.items ? sample(def.items, owner, depth) : undefined;
      return item === undefined ? undefined : [item];
    }
    case 'object': {
      if (def.additionalProperties && typeof def.additionalProperties === 'object') {
        const value = sample(def.additionalProperties, owner, depth);
        return value === undefined ? undefined : { key: value };
      }
      return def.properties ? sampleObject(def, owner, depth) : undefined;
    }
  }
  return undefined;
}

function sampleObject(def: SchemaObject, name: string, depth: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // A kind embedded in another object (list items, volumeClaimTemplates) loses its TypeMeta in
  // protobuf, as in Go, where TypeMeta has no protobuf field.
  const embeddedKind = depth > 0 && def['x-kubernetes-group-version-kind'] !== undefined;
  for (const [field, child] of Object.entries(def.properties ?? {})) {
    if (knownSkew.has(`${name}.${field}`)) continue;
    if (embeddedKind && (field === 'apiVersion' || field === 'kind')) continue;
    const value = sample(child, name, depth);
    if (value !== undefined) out[field] = value;
  }
  return out;
}

/** Go writes `null` for nil slices/pointers without omitempty; the sample leaves some out at the depth limit. */
function withoutAddedNulls(decoded: unknown, source: unknown): unknown {
  if (Array.isArray(decoded) && Array.isArray(source)) return decoded.map((d, i) => withoutAddedNulls(d, source[i]));
  if (typeof decoded !== 'object' || decoded === null || typeof source !== 'object' || source === null) return decoded;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(decoded)) {
    if (value === null && !(key in source)) continue;
    out[key] = withoutAddedNulls(value, (source as Record<string, unknown>)[key]);
  }
  return out;
}

describe('protobuf round trip of every built-in kind', () => {
  it('covers the kinds kubectl writes with protobuf', () => {
    const names = kinds.map((k) => k.name);
    expect(names.length).toBeGreaterThan(150);
    for (const kind of [
      'core.v1.Pod',
      'core.v1.Secret',
      'apps.v1.Deployment',
      'authentication.v1.TokenRequest',
      'authentication.v1.SelfSubjectReview',
      'authorization.v1.SelfSubjectAccessReview',
      'authorization.v1.SelfSubjectRulesReview',
    ]) {
      expect(names).toContain(`io.k8s.api.${kind}`);
    }
  });

  it('encodes and decodes a fully populated object of each kind back to itself', () => {
    const failures: string[] = [];
    for (const { name, gvk } of kinds) {
      const def = definitions.schemas[name] as SchemaObject;
      const object = {
        ...sampleObject(def, name, 0),
        apiVersion: gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version,
        kind: gvk.kind,
      };
      const decoded = decodeProtobuf(schema, encodeProtobuf(schema, object)).object;
      try {
        expect(withoutAddedNulls(decoded, object)).toEqual(object);
      } catch (err) {
        failures.push(`${name}: ${err instanceof Error ? err.message.slice(0, 2000) : String(err)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});
