/**
 * Values (sigs.k8s.io/structured-merge-diff/value): the decoded-JSON data the merge algorithm
 * walks. Upstream wraps Go's unstructured values and reflected structs behind an interface; here
 * they are plain JavaScript JSON values, so this module is the ordering, equality and printing
 * upstream defines over them.
 *
 * Go tells int64 from float64 (a whole number decoded from JSON is an int); JavaScript has one
 * number type. Upstream compares a float with an int by value, so the only observable difference
 * is printing, where a whole number prints as Go prints an int.
 */
import { goFormat } from '../../util/strategicpatch/errors.js';

export type Value = null | boolean | number | string | readonly Value[] | ValueMap;
export interface ValueMap {
  readonly [key: string]: Value;
}

export function isMap(v: unknown): v is ValueMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function isList(v: unknown): v is readonly Value[] {
  return Array.isArray(v);
}

/** Sets a key as an own data property; plain assignment of `__proto__` would set the prototype. */
export function setField(m: Record<string, Value>, key: string, v: Value): void {
  if (key === '__proto__')
    Object.defineProperty(m, key, { value: v, enumerable: true, writable: true, configurable: true });
  else m[key] = v;
}

/**
 * Orders strings as Go does, by UTF-8 bytes (that is, by code point). JavaScript's `<` orders
 * UTF-16 code units, which disagrees only when a surrogate pair meets a character in
 * U+E000–U+FFFF.
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === n) return a.length < b.length ? -1 : 1;
  let x = a.charCodeAt(i);
  let y = b.charCodeAt(i);
  if (x >= 0xd800 && y >= 0xd800) {
    // Surrogates (D800–DFFF) stand for code points above FFFF: move them past E000–FFFF.
    x = x < 0xe000 ? x + 0x2000 : x - 0x800;
    y = y < 0xe000 ? y + 0x2000 : y - 0x800;
  }
  return x < y ? -1 : 1;
}

/** Rank of a value's type in upstream's total order: numbers, strings, booleans, lists, maps, null. */
function typeRank(v: Value): number {
  if (v === null) return 5;
  switch (typeof v) {
    case 'number':
      return 0;
    case 'string':
      return 1;
    case 'boolean':
      return 2;
    default:
      return Array.isArray(v) ? 3 : 4;
  }
}

/** Upstream's total order of values (value.Compare): -1, 0 or 1. */
export function compare(lhs: Value, rhs: Value): number {
  const lr = typeRank(lhs);
  const rr = typeRank(rhs);
  if (lr !== rr) return lr < rr ? -1 : 1;
  if (typeof lhs === 'number' && typeof rhs === 'number') return lhs === rhs ? 0 : lhs < rhs ? -1 : 1;
  if (typeof lhs === 'string' && typeof rhs === 'string') return compareStrings(lhs, rhs);
  if (typeof lhs === 'boolean' && typeof rhs === 'boolean') return lhs === rhs ? 0 : lhs ? 1 : -1;
  if (isList(lhs) && isList(rhs)) return compareLists(lhs, rhs);
  if (isMap(lhs) && isMap(rhs)) return compareMaps(lhs, rhs);
  // Both null.
  return 0;
}

function compareLists(lhs: readonly Value[], rhs: readonly Value[]): number {
  const n = Math.min(lhs.length, rhs.length);
  for (let i = 0; i < n; i++) {
    const c = compare(lhs[i]!, rhs[i]!);
    if (c !== 0) return c;
  }
  return lhs.length === rhs.length ? 0 : lhs.length < rhs.length ? -1 : 1;
}

/** Maps compare key by key in lexical order; a map that runs out of keys first is smaller. */
function compareMaps(lhs: ValueMap, rhs: ValueMap): number {
  const lkeys = Object.keys(lhs).sort(compareStrings);
  const rkeys = Object.keys(rhs).sort(compareStrings);
  let i = 0;
  let j = 0;
  while (i < lkeys.length && j < rkeys.length) {
    const lk = lkeys[i]!;
    const rk = rkeys[j]!;
    const kc = compareStrings(lk, rk);
    // The first key only one side has decides: the side lacking it is larger.
    if (kc < 0) return -1;
    if (kc > 0) return 1;
    const c = compare(lhs[lk]!, rhs[rk]!);
    if (c !== 0) return c;
    i++;
    j++;
  }
  if (i < lkeys.length) return 1;
  if (j < rkeys.length) return -1;
  return 0;
}

/** Deep equality (value.Equals): numbers by value, maps regardless of key order. */
export function equals(lhs: Value, rhs: Value): boolean {
  if (lhs === rhs) return true;
  if (isList(lhs)) {
    if (!isList(rhs) || lhs.length !== rhs.length) return false;
    for (let i = 0; i < lhs.length; i++) if (!equals(lhs[i]!, rhs[i]!)) return false;
    return true;
  }
  if (!isMap(lhs) || !isMap(rhs)) return false;
  let n = 0;
  for (const k in lhs) {
    if (!Object.hasOwn(rhs, k) || !equals(lhs[k]!, rhs[k]!)) return false;
    n++;
  }
  for (const _ in rhs) n--;
  return n === 0;
}

/** Go's `%q` of a string (strconv.Quote). */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    switch (ch) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\x07':
        out += '\\a';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
      case '\v':
        out += '\\v';
        continue;
    }
    if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if ((cp >= 0x80 && cp < 0xa0) || cp === 0xad) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** value.ToString: how path elements print values (`[name="nginx"]`, `[=5]`). */
export function valueString(v: Value): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number' || typeof v === 'boolean') return goFormat(v);
  if (isList(v)) return `[${v.map(valueString).join(',')}]`;
  const m = v;
  return Object.keys(m)
    .map((k) => `${k}=${valueString(m[k]!)}`)
    .join('');
}

/** Go's name for the type of a decoded JSON value, as `%T` prints it. */
export function goTypeName(v: Value): string {
  if (v === null) return '<nil>';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  return Array.isArray(v) ? '[]interface {}' : 'map[string]interface {}';
}

/** Go's `%#v` of a decoded JSON value held in an interface. */
function goSyntax(v: Value): string {
  if (v === null) return 'interface {}(nil)';
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number' || typeof v === 'boolean') return goFormat(v);
  if (isList(v)) return `[]interface {}{${v.map(goSyntax).join(', ')}}`;
  const m = v;
  const entries = Object.keys(m)
    .sort(compareStrings)
    .map((k) => `${goQuote(k)}:${goSyntax(m[k]!)}`);
  return `map[string]interface {}{${entries.join(', ')}}`;
}

/** How upstream's messages print a value they hold (`%v` of its wrapper): `&{5}`, `&{map[a:1]}`. */
export function describeValue(v: Value): string {
  return `&{${goFormat(v)}}`;
}

/** Upstream's `%#v` of the wrapper: `&value.valueUnstructured{Value:5}`. */
export function describeValueSyntax(v: Value): string {
  return `&value.valueUnstructured{Value:${goSyntax(v)}}`;
}

/**
 * JSON text of a value as Go's encoder writes it inside path elements: `<`, `>`, `&`, U+2028 and
 * U+2029 escaped, map keys sorted.
 */
export function toGoJSON(v: Value): string {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'string':
      return goJSONString(v);
    case 'number':
      return Number.isFinite(v) ? goJSONNumber(v) : 'null';
    case 'boolean':
      return v ? 'true' : 'false';
  }
  if (isList(v)) return `[${v.map(toGoJSON).join(',')}]`;
  const m = v;
  return `{${Object.keys(m)
    .sort(compareStrings)
    .map((k) => `${goJSONString(k)}:${toGoJSON(m[k]!)}`)
    .join(',')}}`;
}

const goEscapes = /[<>&\u2028\u2029]/g;

/** A string as Go's JSON encoder writes it. */
export function goJSONString(s: string): string {
  const text = JSON.stringify(s);
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 0x3c || c === 0x3e || c === 0x26 || c === 0x2028 || c === 0x2029)
      return text.replace(goEscapes, (ch) => `\\u${(ch.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`);
  }
  return text;
}

/** Go writes float64 with `%g`-like shortest form but exponents from 1e21 on (encoding/json). */
function goJSONNumber(n: number): string {
  if (Number.isInteger(n) && Math.abs(n) < 1e21) return String(n);
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    // Go: 1e-07, 1e+21 (two-digit exponent minimum).
    const [mantissa = '0', exponent = '0'] = n.toExponential().split('e');
    const exp = Number(exponent);
    return `${mantissa}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return String(n);
}
