/**
 * The FieldsV1 encoding of field sets (fieldpath serialize.go, serialize-pe.go): a JSON object
 * whose keys are path elements — `f:<field>`, `k:<key fields as JSON>`, `v:<value as JSON>`,
 * `i:<index>` — and whose values are the subtrees; `{}` is a leaf, and `".": {}` marks a node
 * that is itself in the set and also has children. Keys come in upstream's element order, which
 * a JavaScript object keeps (no key starts with a digit).
 */
import { type Value, isMap } from '../value/value.js';
import { compareElements, field, key, type KeyField, type PathElement, serializePathElement } from './element.js';
import { FieldSet } from './set.js';

export { serializePathElement };

/** A FieldsV1 object as it sits in `metadata.managedFields[].fieldsV1`. */
export type FieldsV1 = { [pathElement: string]: FieldsV1 };

export class FieldsV1Error extends Error {
  override readonly name = 'FieldsV1Error';
}

/**
 * Parses a FieldsV1 key (DeserializePathElement); undefined for an element type this version
 * does not know (upstream skips those, so newer servers can add kinds).
 */
export function deserializePathElement(s: string): PathElement | undefined {
  if (s.length < 2) throw new FieldsV1Error(`key must be 2 characters long: ${s}`);
  if (s[1] !== ':') throw new FieldsV1Error(`missing colon: ${s}`);
  const rest = s.slice(2);
  switch (s[0]) {
    case 'f':
      return field(rest);
    case 'v':
      return { kind: 'value', value: parseJSON(rest, s) };
    case 'k': {
      const obj = parseJSON(rest, s);
      if (!isMap(obj)) throw new FieldsV1Error(`key element is not a JSON object: ${s}`);
      const fields: KeyField[] = Object.entries(obj).map(([name, value]) => ({ name, value }));
      return key(fields);
    }
    case 'i': {
      if (!/^[+-]?\d+$/.test(rest)) throw new FieldsV1Error(`invalid index: ${s}`);
      return { kind: 'index', index: Number(rest) };
    }
    default:
      return undefined;
  }
}

function parseJSON(text: string, element: string): Value {
  try {
    return JSON.parse(text) as Value;
  } catch (err) {
    throw new FieldsV1Error(
      `invalid JSON in path element ${element}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

/**
 * Sets decoded from FieldsV1 objects, and the objects written for sets. Every write decodes the
 * live object's managedFields and encodes the new ones, and most sets come through unchanged:
 * when the live object is one this process wrote (or read before), decoding is a lookup, and
 * an unchanged set is written as the very object it was read from. Sets are immutable once
 * built and FieldsV1 objects are not modified in place, so the pairs stay true.
 */
const decodedSets = new WeakMap<object, FieldSet>();
const encodedSets = new WeakMap<FieldSet, FieldsV1>();

/** A set as a FieldsV1 object (Set.ToJSON). */
export function setToFieldsV1(set: FieldSet): FieldsV1 {
  let out = encodedSets.get(set);
  if (out) return out;
  out = {};
  emit(set, false, out);
  encodedSets.set(set, out);
  decodedSets.set(out, set);
  return out;
}

function emit(set: FieldSet, includeSelf: boolean, out: FieldsV1): void {
  const members = set.members;
  const children = set.children;
  if (includeSelf && (members.length > 0 || children.length > 0)) out['.'] = {};
  let mi = 0;
  let ci = 0;
  // Keys start with an element kind and a colon: never `__proto__`, plain assignment is safe.
  while (mi < members.length || ci < children.length) {
    const m = members[mi];
    const child = children[ci];
    if (m !== undefined && (child === undefined || compareElements(m, child.pe) < 0)) {
      out[serializePathElement(m)] = {};
      mi++;
      continue;
    }
    if (child === undefined) break;
    // A member that also has children writes `".": {}` first in its subtree.
    const isMember = m !== undefined && compareElements(m, child.pe) === 0;
    const sub: FieldsV1 = {};
    emit(child.set, isMember, sub);
    out[serializePathElement(child.pe)] = sub;
    ci++;
    if (isMember) mi++;
  }
}

/** Parses a FieldsV1 object into a set (Set.FromJSON); throws FieldsV1Error when malformed. */
export function setFromFieldsV1(fields: unknown): FieldSet {
  if (!isMap(fields))
    throw new FieldsV1Error(`expected a JSON object, got ${fields === null ? 'null' : typeof fields}`);
  let set = decodedSets.get(fields);
  if (!set) {
    set = read(fields).children ?? new FieldSet();
    decodedSets.set(fields, set);
  }
  return set;
}

/** Elements by their FieldsV1 spelling: the same few hundred keys recur in every object of a kind. */
const elementCache = new Map<string, PathElement | undefined>();
const elementCacheLimit = 20_000;

function cachedElement(k: string): PathElement | undefined {
  let pe = elementCache.get(k);
  if (pe === undefined && !elementCache.has(k)) {
    pe = deserializePathElement(k);
    if (elementCache.size >= elementCacheLimit) elementCache.clear();
    elementCache.set(k, pe);
  }
  return pe;
}

function read(obj: Readonly<Record<string, unknown>>): { children: FieldSet | undefined; isMember: boolean } {
  let children: FieldSet | undefined;
  let isMember = false;
  for (const k in obj) {
    const sub = obj[k];
    if (k === '.') {
      isMember = true;
      continue;
    }
    const pe = cachedElement(k);
    if (pe === undefined) continue;
    if (!isMap(sub)) throw new FieldsV1Error(`expected a JSON object under ${k}`);
    const inner = read(sub);
    if (inner.isMember) {
      children ??= new FieldSet();
      children.insert([pe]);
    }
    if (inner.children) {
      children ??= new FieldSet();
      // Two spellings of one element (`v:1`, `v:1.0`): the later one wins, as upstream.
      const node = children.descend(pe);
      node.members.splice(0, node.members.length, ...inner.children.members);
      node.children.splice(0, node.children.length, ...inner.children.children);
    }
  }
  // An empty object (or one holding only unknown elements) is a leaf: the path itself.
  if (!children) isMember = true;
  return { children, isMember };
}

/** A set serialized as upstream writes fieldsV1 bytes. */
export function setToJSON(set: FieldSet): string {
  return JSON.stringify(setToFieldsV1(set));
}
