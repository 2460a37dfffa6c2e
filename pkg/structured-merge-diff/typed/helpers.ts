/**
 * Shared pieces of the typed walkers (typed/helpers.go): validation errors, and how a list item
 * is named in a path (its key fields, its value, or its index).
 */
import { key, type KeyField, type PathElement } from '../fieldpath/element.js';
import { pathString } from '../fieldpath/path.js';
import type { ListType } from '../schema/elements.js';
import { goQuote, isMap, type Value, type ValueMap } from '../value/value.js';

export interface ValidationError {
  /** Where: `.spec.template.spec.containers[name="nginx"]`, or '' at the root. */
  readonly path: string;
  readonly message: string;
}

function errorText(e: ValidationError): string {
  return e.path === '' ? e.message : `${e.path}: ${e.message}`;
}

/** Errors from validating, converting or merging a typed value, worded as upstream. */
export class ValidationErrors extends Error {
  override readonly name = 'ValidationErrors';

  constructor(readonly errors: readonly ValidationError[]) {
    super(
      errors.length === 1 ? errorText(errors[0]!) : ['errors:', ...errors.map((e) => `  ${errorText(e)}`)].join('\n'),
    );
  }
}

/** Collects errors at the walker's current path. */
export class ErrorList {
  readonly errors: ValidationError[] = [];

  add(path: readonly PathElement[], message: string): void {
    this.errors.push({ path: pathString(path), message });
  }

  get empty(): boolean {
    return this.errors.length === 0;
  }

  throwIfAny(): void {
    if (this.errors.length > 0) throw new ValidationErrors(this.errors);
  }
}

function keyDefault(list: ListType, fieldName: string): { value?: Value; error?: string } {
  const atom = list.elementType.resolve();
  if (!atom) return { error: 'invalid elementType for list' };
  if (!atom.map) return { error: 'associative list may not have non-map types' };
  const def = atom.map.fields.get(fieldName)?.default;
  return def === undefined ? {} : { value: def };
}

/**
 * The path element naming an item of an associative list (listItemToPathElement): its key
 * fields (a default stands in for an omitted key field) or, for a set, its value. A string is
 * the error, worded as upstream.
 */
export function listItemElement(list: ListType, child: Value): PathElement | string {
  if (list.elementRelationship !== 'associative') return 'invalid indexing of non-associative list';
  if (list.keys.length > 0) {
    if (child === null) return 'associative list with keys may not have a null element';
    if (!isMap(child)) return 'associative list with keys may not have non-map elements';
    const cached = keyElements.get(child);
    if (cached && cached.list === list && sameKeyValues(cached.values, child, list.keys)) return cached.pe;
    const named = keyElement(list, child);
    if (typeof named !== 'string') rememberListItemElement(list, child, named);
    return named;
  }
  if (isMap(child)) return "associative list without keys has an element that's a map type";
  if (Array.isArray(child)) return 'not supported: associative list with lists as elements';
  if (child === null) return "associative list without keys has an element that's an explicit null";
  return { kind: 'value', value: child };
}

/**
 * Key elements by list item: one write walks the same items many times (validate, merge,
 * compare, field sets). An entry is used only while the item's key fields still hold the
 * scalars it was computed from.
 */
const keyElements = new WeakMap<
  ValueMap,
  { list: ListType; values: readonly (Value | undefined)[]; pe: PathElement }
>();

/** Records the element of an item built by a walk (a merged item), which the next walks will ask for. */
export function rememberListItemElement(list: ListType, item: Value, pe: PathElement): void {
  if (pe.kind !== 'key' || !isMap(item)) return;
  const values = list.keys.map((k) => item[k]);
  if (values.every((v) => v === undefined || typeof v !== 'object')) keyElements.set(item, { list, values, pe });
}

function sameKeyValues(values: readonly (Value | undefined)[], item: ValueMap, keys: readonly string[]): boolean {
  for (let i = 0; i < keys.length; i++) if (item[keys[i]!] !== values[i]) return false;
  return true;
}

function keyElement(list: ListType, m: ValueMap): PathElement | string {
  const fields: KeyField[] = [];
  for (const name of list.keys) {
    if (Object.hasOwn(m, name)) {
      fields.push({ name, value: m[name]! });
      continue;
    }
    const def = keyDefault(list, name);
    if (def.error !== undefined) return `couldn't find default value for ${name}: ${def.error}`;
    if (def.value === undefined || def.value === null)
      return `associative list with keys has an element that omits key field ${goQuote(name)} (and doesn't have default value)`;
    fields.push({ name, value: def.value });
  }
  return key(fields);
}

/** `schema error: invalid atom: <name>` when an atom is none of scalar, list, map. */
export function invalidAtomMessage(describe: string): string {
  return `schema error: invalid atom: ${describe}`;
}
