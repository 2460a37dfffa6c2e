/**
 * CEL types of a structural schema (k8s.io/apiserver/pkg/cel/common/schemas.go SchemaDeclType,
 * apiextensions-apiserver pkg/apiserver/schema/cel/model): objects become types whose fields are
 * the (escaped) properties, additionalProperties maps `map(string, T)`, arrays `list(T)`,
 * int-or-string `dyn`; strings with format byte/date/date-time/duration become bytes/timestamp/
 * duration. Each type also carries the size bounds the cost estimator uses: maxItems /
 * maxLength / maxProperties where the schema gives them, otherwise what fits in a 3 MiB request.
 */
import type { Structural } from '../structural.js';
import { escapeName } from './escaping.js';

/** celconfig.MaxRequestSizeBytes: no list, map or string in a request can be longer. */
export const maxRequestSizeBytes = 3 * 1024 * 1024;

export type ScalarKind = 'int' | 'double' | 'string' | 'bool' | 'bytes' | 'timestamp' | 'duration' | 'dyn';

interface Common {
  /** The smallest JSON encoding of a value of this type, for size estimates of lists and maps. */
  minSize: number;
  /** The largest number of elements (list items, map entries, string bytes) a value can have. */
  maxElements: number;
}

export interface ObjectField {
  /** The JSON property name. */
  property: string;
  type: DeclType;
}

export interface ObjectDecl extends Common {
  kind: 'object';
  /** A unique CEL type name (`Object_3`). */
  name: string;
  /** Escaped CEL name → field. */
  fields: Map<string, ObjectField>;
  schema: Structural;
}

export interface ListDecl extends Common {
  kind: 'list';
  elem: DeclType;
  schema: Structural;
}

export interface MapDecl extends Common {
  kind: 'map';
  elem: DeclType;
  schema: Structural;
}

export interface ScalarDecl extends Common {
  kind: ScalarKind;
}

export type DeclType = ObjectDecl | ListDecl | MapDecl | ScalarDecl;

/** The CEL type string of a declared type, as the CEL environment spells it. */
export function celTypeName(t: DeclType): string {
  switch (t.kind) {
    case 'object':
      return t.name;
    case 'list':
      return `list<${celTypeName(t.elem)}>`;
    case 'map':
      return `map<string, ${celTypeName(t.elem)}>`;
    case 'timestamp':
      return 'google.protobuf.Timestamp';
    case 'duration':
      return 'google.protobuf.Duration';
    default:
      return t.kind;
  }
}

const minStringSize = 2;

/** Builds (and numbers) the object types of a schema tree; one per structural node. */
export class DeclTypes {
  private next = 0;
  private readonly byNode = new Map<Structural, DeclType | null>();
  /** Every object type, in registration order (children before parents). */
  readonly objects: ObjectDecl[] = [];

  /** The CEL type of a node, or undefined when CEL cannot see it (untyped, array without items). */
  of(s: Structural, isResourceRoot: boolean): DeclType | undefined {
    const key = isResourceRoot ? withTypeAndObjectMeta(s) : s;
    const known = this.byNode.get(key);
    if (known !== undefined) return known ?? undefined;
    const t = this.build(key);
    this.byNode.set(key, t ?? null);
    return t;
  }

  private build(s: Structural): DeclType | undefined {
    if (s.intOrString) return { kind: 'dyn', minSize: 1, maxElements: maxRequestSizeBytes - 2 };
    switch (s.type) {
      case 'array': {
        if (!s.items) return undefined;
        const elem = this.of(s.items, s.items.embeddedResource);
        if (!elem) return undefined;
        const maxElements = s.maxItems ?? Math.floor((maxRequestSizeBytes - 2) / (elem.minSize + 1));
        return { kind: 'list', elem, schema: s, minSize: 2, maxElements: Math.max(0, maxElements) };
      }
      case 'object': {
        const values = s.additionalProperties;
        if (typeof values === 'object') {
          const elem = this.of(values, values.embeddedResource);
          if (!elem) return undefined;
          const maxElements =
            s.maxProperties ?? Math.floor((maxRequestSizeBytes - 2) / (minStringSize + elem.minSize + 2));
          return { kind: 'map', elem, schema: s, minSize: 2, maxElements: Math.max(0, maxElements) };
        }
        const fields = new Map<string, ObjectField>();
        const required = new Set(s.source.required ?? []);
        let minSize = 2;
        for (const [property, child] of s.properties ?? []) {
          const type = this.of(child, child.embeddedResource);
          if (!type) continue;
          const name = escapeName(property);
          if (name !== undefined) fields.set(name, { property, type });
          if (required.has(property) && child.default === undefined) minSize += property.length + type.minSize + 4;
        }
        const decl: ObjectDecl = {
          kind: 'object',
          name: `Object_${this.next++}`,
          fields,
          schema: s,
          minSize,
          maxElements: 0,
        };
        this.objects.push(decl);
        return decl;
      }
      case 'string':
        return stringDecl(s);
      case 'boolean':
        return { kind: 'bool', minSize: 4, maxElements: 0 };
      case 'number':
        return { kind: 'double', minSize: 1, maxElements: 0 };
      case 'integer':
        return { kind: 'int', minSize: 1, maxElements: 0 };
      default:
        return undefined;
    }
  }
}

function stringDecl(s: Structural): ScalarDecl {
  const perRequest = maxRequestSizeBytes - 2;
  switch (s.format) {
    case 'byte':
      return { kind: 'bytes', minSize: minStringSize, maxElements: s.maxLength ?? perRequest };
    case 'duration':
      return { kind: 'duration', minSize: 3, maxElements: perRequest };
    case 'date':
      return { kind: 'timestamp', minSize: 12, maxElements: perRequest };
    case 'date-time':
      return { kind: 'timestamp', minSize: 21, maxElements: perRequest };
  }
  let maxElements = perRequest;
  if (s.maxLength !== undefined) maxElements = s.maxLength * 4;
  else if (s.source.enum && s.source.enum.length > 0)
    maxElements = Math.max(...s.source.enum.map((e) => (typeof e === 'string' ? Buffer.byteLength(e) : 0)));
  return { kind: 'string', minSize: minStringSize, maxElements };
}

const stringNode = (): Structural => ({
  type: 'string',
  format: '',
  nullable: false,
  preserveUnknownFields: false,
  embeddedResource: false,
  intOrString: false,
  validations: [],
  source: { type: 'string' },
});

const rootAdditions = new WeakMap<Structural, Structural>();

/**
 * The resource root as CEL sees it: apiVersion, kind and metadata.name/generateName are
 * declared even when the schema leaves them out (upstream WithTypeAndObjectMeta).
 */
function withTypeAndObjectMeta(s: Structural): Structural {
  const cached = rootAdditions.get(s);
  if (cached) return cached;
  const properties = new Map(s.properties ?? []);
  properties.set('apiVersion', stringNode());
  properties.set('kind', stringNode());
  const metadataProps = new Map([
    ['name', stringNode()],
    ['generateName', stringNode()],
  ]);
  properties.set('metadata', {
    ...stringNode(),
    type: 'object',
    source: { type: 'object' },
    properties: metadataProps,
  });
  const out: Structural = { ...s, type: s.type || 'object', properties };
  rootAdditions.set(s, out);
  return out;
}
