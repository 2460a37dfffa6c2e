/**
 * Path elements (sigs.k8s.io/structured-merge-diff/fieldpath): one step into a value. A field of
 * a map, an item of an associative list named by its key fields, an item of a set named by its
 * value, or (for lists with no identity) an index.
 */
import {
  compare as compareValues,
  compareStrings,
  equals as equalValues,
  toGoJSON,
  valueString,
  type Value,
} from '../value/value.js';

/** One key field of an associative-list item: `name=nginx`. */
export interface KeyField {
  readonly name: string;
  readonly value: Value;
}

/**
 * `id` caches the element's FieldsV1 spelling (see serializePathElement), computed on first use:
 * elements are immutable otherwise, and walks hash and write the same ones many times.
 */
export type PathElement =
  | { readonly kind: 'field'; readonly name: string; id?: string }
  | { readonly kind: 'key'; readonly key: readonly KeyField[]; id?: string }
  | { readonly kind: 'value'; readonly value: Value; id?: string }
  | { readonly kind: 'index'; readonly index: number; id?: string };

/**
 * Field elements are shared per name: a walk names every field of an object, and many walks
 * run per write; one element per name also lets a set's insert cursor match them by identity.
 * Names of map entries are unbounded (labels, data keys), so the table is emptied when it fills.
 */
const fields = new Map<string, PathElement>();
const fieldsLimit = 50_000;

export function field(name: string): PathElement {
  let pe = fields.get(name);
  if (pe === undefined) {
    if (fields.size >= fieldsLimit) fields.clear();
    pe = { kind: 'field', name, id: undefined };
    fields.set(name, pe);
  }
  return pe;
}

export function index(i: number): PathElement {
  return { kind: 'index', index: i };
}

export function valueElement(v: Value): PathElement {
  return { kind: 'value', value: v };
}

/** A key element; the fields are sorted by name, as upstream keeps them. */
export function key(fields: readonly KeyField[]): PathElement {
  return { kind: 'key', key: sortKeyFields(fields) };
}

/** A key element from alternating names and values: `keyByFields('name', 'nginx')`. */
export function keyByFields(...nameValues: readonly (string | Value)[]): PathElement {
  const fields: KeyField[] = [];
  for (let i = 0; i + 1 < nameValues.length; i += 2)
    fields.push({ name: String(nameValues[i]), value: nameValues[i + 1] ?? null });
  return key(fields);
}

export function sortKeyFields(fields: readonly KeyField[]): readonly KeyField[] {
  let sorted = true;
  for (let i = 1; i < fields.length && sorted; i++) sorted = compareStrings(fields[i - 1]!.name, fields[i]!.name) <= 0;
  // Stable, by name only (value.FieldList.Sort).
  return sorted ? fields : [...fields].sort((a, b) => compareStrings(a.name, b.name));
}

const rank = { field: 0, key: 1, value: 2, index: 3 } as const;

function compareKeys(a: readonly KeyField[], b: readonly KeyField[]): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const fa = a[i]!;
    const fb = b[i]!;
    const c = compareStrings(fa.name, fb.name);
    if (c !== 0) return c;
    const v = compareValues(fa.value, fb.value);
    if (v !== 0) return v;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/** Upstream's order of path elements: fields, then keys, then values, then indexes. */
export function compareElements(a: PathElement, b: PathElement): number {
  if (a.kind === 'field' && b.kind === 'field') return a.name === b.name ? 0 : compareStrings(a.name, b.name);
  if (a.kind === 'key' && b.kind === 'key') return compareKeys(a.key, b.key);
  if (a.kind === 'value' && b.kind === 'value') return compareValues(a.value, b.value);
  if (a.kind === 'index' && b.kind === 'index') return a.index === b.index ? 0 : a.index < b.index ? -1 : 1;
  return rank[a.kind] < rank[b.kind] ? -1 : 1;
}

export function equalElements(a: PathElement, b: PathElement): boolean {
  if (a.kind === 'field' && b.kind === 'field') return a.name === b.name;
  if (a.kind === 'index' && b.kind === 'index') return a.index === b.index;
  if (a.kind === 'value' && b.kind === 'value') return equalValues(a.value, b.value);
  if (a.kind === 'key' && b.kind === 'key') {
    if (a.key.length !== b.key.length) return false;
    for (let i = 0; i < b.key.length; i++) {
      const fa = a.key[i]!;
      const fb = b.key[i]!;
      if (fa.name !== fb.name || !equalValues(fa.value, fb.value)) return false;
    }
    return true;
  }
  return false;
}

/** How upstream prints an element in paths and messages: `.spec`, `[name="nginx"]`, `[="a"]`, `[0]`. */
export function elementString(pe: PathElement): string {
  switch (pe.kind) {
    case 'field':
      return `.${pe.name}`;
    case 'key':
      return `[${pe.key.map((f) => `${f.name}=${valueString(f.value)}`).join(',')}]`;
    case 'value':
      return `[=${valueString(pe.value)}]`;
    case 'index':
      return `[${pe.index}]`;
  }
}

/** Index of `pe` in a sorted array, or where it would be inserted (as a negative: -(slot+1)). */
export function searchElements<T>(items: readonly T[], pe: PathElement, get: (item: T) => PathElement): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const c = compareElements(get(items[mid]!), pe);
    if (c === 0) return mid;
    if (c < 0) lo = mid + 1;
    else hi = mid;
  }
  return -(lo + 1);
}

/**
 * The element's key in FieldsV1 (SerializePathElement): `f:<name>`, `k:<key fields as JSON>`,
 * `v:<value as JSON>`, `i:<index>`. Values are written as Go's encoder writes them, so the
 * spelling is canonical (key fields sorted, numbers in one form): it doubles as a hash key.
 */
export function serializePathElement(pe: PathElement): string {
  if (pe.id !== undefined) return pe.id;
  let id: string;
  switch (pe.kind) {
    case 'field':
      id = `f:${pe.name}`;
      break;
    case 'key':
      id = `k:{${pe.key.map((f) => `${toGoJSON(f.name)}:${toGoJSON(f.value)}`).join(',')}}`;
      break;
    case 'value':
      id = `v:${toGoJSON(pe.value)}`;
      break;
    case 'index':
      id = `i:${pe.index}`;
      break;
  }
  pe.id = id;
  return id;
}
