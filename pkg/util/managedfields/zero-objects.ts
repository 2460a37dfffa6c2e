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

function propertyRef(schema: SchemaObject | undefined): string | undefined {
  const ref = schema?.$ref ?? schema?.allOf?.find((s) => s.$ref)?.$ref;
  return ref === undefined ? undefined : refName(ref);
}

/** An ObjectCreater for kinds the definitions and zero facts describe. */
export function newObjectCreater(definitions: Definitions, zero: ZeroFields): ObjectCreater {
  const memo = new Map<string, Record<string, unknown>>();
  const zeroOf = (name: string): Record<string, unknown> => {
    let out = memo.get(name);
    if (out) return out;
    out = {};
    memo.set(name, out);
    const facts = zero[name] ?? {};
    const properties = definitions.schemas[name]?.properties ?? {};
    for (const [field, z] of Object.entries(facts)) {
      if (!isZeroStructMarker(z)) out[field] = z;
      else {
        const ref = propertyRef(properties[field]);
        out[field] = ref === undefined ? {} : zeroOf(ref);
      }
    }
    return out;
  };
  return {
    newObject(gvk: GroupVersionKind): ApiObject {
      const typeMeta: ApiObject = { apiVersion: groupVersionString(gvk), kind: gvk.kind };
      const name = definitions.nameFor(gvk);
      if (name === undefined) return typeMeta;
      // A fresh copy: callers may build on it.
      return { ...typeMeta, ...structuredClone(zeroOf(name)) };
    },
  };
}

let builtin: Promise<ObjectCreater> | undefined;

/** The creater for built-in kinds, loaded once per process. */
export function loadBuiltinObjectCreater(): Promise<ObjectCreater> {
  builtin ??= Promise.all([
    loadBuiltinDefinitions(),
    import('../../../api/openapi-spec/zero-values.json', { with: { type: 'json' } }),
  ]).then(([definitions, data]) =>
    newObjectCreater(definitions, (data.default as { definitions: ZeroFields }).definitions),
  );
  return builtin;
}
