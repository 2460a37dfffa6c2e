/**
 * The empty object of a kind, as upstream's scheme creates it (runtime.ObjectCreater) and as
 * the merge algorithm then sees it: Go writes a zero struct with its non-pointer structs as
 * objects, nil slices, maps and pointers without omitempty as null, and so on. A create is
 * recorded as the change from this object, so its shape decides where managedFields entries get
 * a `.` (a field created, not just filled in): `f:metadata` and `f:spec` never do, `f:labels`
 * does. The facts come from api/openapi-spec/zero-values.json (generated from Go's struct tags);
 * kinds it does not describe (custom resources) start as their type meta alone, as upstream's
 * unstructured objects do.
 */
import type { GroupVersionKind } from '../../apis/meta/v1/types.js';
import { type Definitions, loadBuiltinDefinitions, refName, type SchemaObject } from '../../openapi/definitions.js';
import { groupVersionString } from '../../runtime/schema/group-version.js';
import type { ApiObject } from './internal/object.js';
import type { ObjectCreater } from './internal/skipnonapplied.js';

/** Definition name → the fields Go writes for its zero value; `{}` stands for a zero struct. */
export type ZeroFields = Readonly<Record<string, Readonly<Record<string, unknown>>>>;

function isZeroStructMarker(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 0;
}

const refNames = new Map<string, string>();

/** The definition a property refers to (`$ref`, or `$ref` wrapped in `allOf`). */
function propertyRef(schema: SchemaObject | undefined): string | undefined {
  const ref = schema?.$ref ?? schema?.allOf?.find((s) => s.$ref)?.$ref;
  if (ref === undefined) return undefined;
  let name = refNames.get(ref);
  if (name === undefined) refNames.set(ref, (name = refName(ref)));
  return name;
}

/**
 * What Go's structs do to JSON, for built-in kinds: the empty object of a kind (ObjectCreater),
 * and the form an object takes once decoded into its Go struct and written back.
 */
export class GoStructs implements ObjectCreater {
  private readonly memo = new Map<string, Record<string, unknown>>();

  constructor(
    private readonly definitions: Definitions,
    private readonly zero: ZeroFields,
  ) {}

  /** The zero JSON of a definition's struct (shared: callers copy it). */
  private zeroOf(name: string): Record<string, unknown> {
    let out = this.memo.get(name);
    if (out) return out;
    out = {};
    this.memo.set(name, out);
    const properties = this.definitions.schemas[name]?.properties ?? {};
    for (const [field, z] of Object.entries(this.zero[name] ?? {})) {
      if (!isZeroStructMarker(z)) out[field] = z;
      else {
        const ref = propertyRef(properties[field]);
        out[field] = ref === undefined ? {} : this.zeroOf(ref);
      }
    }
    return out;
  }

  newObject(gvk: GroupVersionKind): ApiObject {
    const typeMeta: ApiObject = { apiVersion: groupVersionString(gvk), kind: gvk.kind };
    const name = this.definitions.nameFor(gvk);
    if (name === undefined) return typeMeta;
    // A fresh copy: callers may build on it.
    return { ...typeMeta, ...structuredClone(this.zeroOf(name)) };
  }

  /**
   * The object as Go would write it back after decoding it into its struct, as far as nulls go
   * (the merge algorithm leaves null where it removed the last item of a list or map, and an
   * applied configuration may hold nulls): a null field becomes what Go writes for its zero
   * value — nothing, for most fields. Unchanged parts are shared with the input.
   */
  normalize(obj: ApiObject): ApiObject {
    const name = this.definitions.nameFor({ ...splitGroupVersion(obj.apiVersion ?? ''), kind: obj.kind ?? '' });
    if (name === undefined) return obj;
    const out = this.normalizeValue(obj, { $ref: name });
    return out as ApiObject;
  }

  private normalizeValue(v: unknown, schema: SchemaObject | undefined): unknown {
    if (schema === undefined || v === null || typeof v !== 'object') return v;
    const name = propertyRef(schema);
    const s = name === undefined ? schema : this.definitions.schemas[name];
    if (s === undefined) return v;
    if (Array.isArray(v)) {
      const items = s.items;
      if (items === undefined) return v;
      let out: unknown[] | undefined;
      for (let i = 0; i < v.length; i++) {
        const e: unknown = v[i];
        const n = this.normalizeValue(e, items);
        if (n !== e) (out ??= v.slice())[i] = n;
      }
      return out ?? v;
    }
    const m = v as Record<string, unknown>;
    const properties = s.properties;
    if (properties) {
      let out: Record<string, unknown> | undefined;
      for (const k in m) {
        const e = m[k];
        if (e === null) {
          const z = name === undefined ? undefined : this.zero[name]?.[k];
          out ??= { ...m };
          if (z === undefined) delete out[k];
          else if (isZeroStructMarker(z)) {
            const ref = propertyRef(properties[k]);
            out[k] = ref === undefined ? {} : structuredClone(this.zeroOf(ref));
          } else out[k] = z;
          continue;
        }
        // Scalars need nothing; only objects and lists can hold nulls below.
        if (typeof e !== 'object') continue;
        const n = this.normalizeValue(e, properties[k]);
        if (n !== e) (out ??= { ...m })[k] = n;
      }
      return out ?? v;
    }
    const values = s.additionalProperties;
    if (typeof values === 'object') {
      let out: Record<string, unknown> | undefined;
      for (const k in m) {
        const e = m[k];
        if (e === null || typeof e !== 'object') continue;
        const n = this.normalizeValue(e, values);
        if (n !== e) {
          out ??= { ...m };
          Object.defineProperty(out, k, { value: n, enumerable: true, writable: true, configurable: true });
        }
      }
      return out ?? v;
    }
    return v;
  }
}

function splitGroupVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0
    ? { group: '', version: apiVersion }
    : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

let builtin: Promise<GoStructs> | undefined;

/** Go's struct facts for the built-in kinds, loaded once per process. */
export function loadBuiltinGoStructs(): Promise<GoStructs> {
  builtin ??= Promise.all([
    loadBuiltinDefinitions(),
    import('../../../api/openapi-spec/zero-values.json', { with: { type: 'json' } }),
  ]).then(
    ([definitions, data]) => new GoStructs(definitions, (data.default as { definitions: ZeroFields }).definitions),
  );
  return builtin;
}

/** The creater of empty built-in objects. */
export function loadBuiltinObjectCreater(): Promise<ObjectCreater> {
  return loadBuiltinGoStructs();
}
