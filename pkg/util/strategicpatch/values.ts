/**
 * Helpers over decoded JSON values. The patch code never mutates its inputs: every map and list
 * it changes is a fresh copy, and every value taken from the patch is copied (the patch handler
 * re-applies the same patch when an update conflicts, so it must stay intact).
 */
import { errNoListOfLists, StrategicMergePatchError, goFormat } from './errors.js';

export type JSONMap = Record<string, unknown>;

export const directiveMarker = '$patch';
export const retainKeysDirective = '$retainKeys';
export const deleteFromPrimitiveListPrefix = '$deleteFromPrimitiveList';
export const setElementOrderPrefix = '$setElementOrder';

export function isMap(v: unknown): v is JSONMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export const hasOwn = (m: JSONMap, key: string): boolean => Object.hasOwn(m, key);

/** Sets a key, including `__proto__`, as an own data property (plain assignment would set the prototype). */
export function setKey(m: JSONMap, key: string, value: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(m, key, { value, enumerable: true, writable: true, configurable: true });
  else m[key] = value;
}

/** A deep copy of a JSON value. Recursion depth is bounded: decoders refuse values nested past maxNestingDepth (pkg/util/json/depth.ts). */
export function deepCopy(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(deepCopy);
  if (isMap(v)) {
    const out: JSONMap = {};
    for (const [k, e] of Object.entries(v)) setKey(out, k, deepCopy(e));
    return out;
  }
  return v;
}

const drop = Symbol('drop');

/**
 * A patch value as it lands in the result where nothing in the original merges with it
 * (upstream's discardNullValuesFromPatch then removeDirectives): null map values are dropped
 * (`discardNulls`), and so is every map carrying `$patch` — a directive has nothing to act on.
 * Returns undefined when the value itself is such a map. Always a fresh copy.
 */
export function cleanPatchValue(v: unknown, discardNulls: boolean): unknown {
  const cleaned = clean(v, discardNulls);
  return cleaned === drop ? undefined : cleaned;
}

function clean(v: unknown, discardNulls: boolean): unknown {
  if (Array.isArray(v)) {
    const out: unknown[] = [];
    for (const e of v) {
      const c = clean(e, discardNulls);
      if (c !== drop) out.push(c);
    }
    return out;
  }
  if (!isMap(v)) return v;
  // Nulls go first, so `{"$patch": null}` is an empty map rather than a directive.
  if (hasOwn(v, directiveMarker) && !(discardNulls && v[directiveMarker] === null)) return drop;
  const out: JSONMap = {};
  for (const [k, e] of Object.entries(v)) {
    if (e === null && discardNulls) continue;
    const c = clean(e, discardNulls);
    if (c !== drop) setKey(out, k, c);
  }
  return out;
}

export type ElementKind = 'map' | 'string' | 'number' | 'boolean';

/**
 * The common kind of the elements of several lists (upstream's sliceElementType): all elements
 * must have one JSON type, lists of lists are rejected. Undefined when every list is empty.
 */
export function sliceElementKind(...lists: readonly unknown[][]): ElementKind | undefined {
  let kind: ElementKind | 'null' | undefined;
  for (const list of lists) {
    for (const v of list) {
      const k = Array.isArray(v) ? 'list' : v === null ? 'null' : isMap(v) ? 'map' : (typeof v as ElementKind);
      if (kind === undefined) {
        if (k === 'list') throw errNoListOfLists();
        kind = k;
      } else if (k !== kind) {
        throw new StrategicMergePatchError(`list element types are not identical: ${goFormat(lists)}`);
      }
    }
  }
  // Go cannot even type a nil element; no element of a typed list may be null.
  if (kind === 'null') throw new StrategicMergePatchError(`list element types are not identical: ${goFormat(lists)}`);
  return kind;
}

/** The remainder after `<prefix>/`, or upstream's bad-format error for that directive. */
export function extractKey(key: string, prefix: string, badFormat: () => StrategicMergePatchError): string {
  const slash = key.indexOf('/');
  if (slash < 0 || key.slice(0, slash) !== prefix) throw badFormat();
  return key.slice(slash + 1);
}
