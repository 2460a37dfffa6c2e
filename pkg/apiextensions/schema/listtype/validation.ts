/**
 * x-kubernetes-list-type checks (apiextensions-apiserver pkg/apiserver/schema/listtype): a `set`
 * holds no duplicate, a `map` no two items with the same x-kubernetes-list-map-keys values.
 * Each repeated item is reported once, at its first repetition, as `Duplicate value`.
 */
import { FieldError, invalid, omitValue, type Path } from '../../../util/validation/field/errors.js';
import { canonicalJSON } from '../../validation/validation.js';
import { goValue } from '../govalue.js';
import { additionalPropertiesSchema, isObject, type Structural } from '../structural.js';

function duplicate(path: Path, value: unknown): FieldError {
  // Go prints the duplicate with %#v; the text goes in the detail so it is not re-quoted as JSON.
  return new FieldError('FieldValueDuplicate', String(path), omitValue, goValue(value));
}

export function validateListSetsAndMaps(fldPath: Path, s: Structural | undefined, obj: unknown): FieldError[] {
  if (!s || !isObject(obj)) return [];
  const errs: FieldError[] = [];
  const values = additionalPropertiesSchema(s);
  for (const [k, v] of Object.entries(obj)) {
    const prop = s.properties?.get(k);
    if (prop) errs.push(...visit(fldPath.child(k), prop, v));
    else if (values) errs.push(...visit(fldPath.key(k), values, v));
  }
  return errs;
}

function visit(fldPath: Path, s: Structural, obj: unknown): FieldError[] {
  if (Array.isArray(obj)) return validateArray(fldPath, s, obj);
  if (isObject(obj)) return validateListSetsAndMaps(fldPath, s, obj);
  return [];
}

function validateArray(fldPath: Path, s: Structural, list: unknown[]): FieldError[] {
  const errs: FieldError[] = [];
  if (s.listType === 'set') for (const i of nonUniqueIndices(list)) errs.push(duplicate(fldPath.index(i), list[i]));
  else if (s.listType === 'map') errs.push(...validateListMap(fldPath, s, list));
  const items = s.items;
  if (items)
    list.forEach((item, i) => {
      errs.push(...visit(fldPath.index(i), items, item));
    });
  return errs;
}

/** Indices where an already-seen value repeats for the second time. */
function nonUniqueIndices(list: readonly unknown[]): number[] {
  const seen = new Map<string, number>();
  const out: number[] = [];
  list.forEach((x, i) => {
    const key = x === unspecified ? '\u0000unspecified' : canonicalJSON(x);
    const times = seen.get(key) ?? 0;
    if (times === 1) out.push(i);
    seen.set(key, times + 1);
  });
  return out;
}

const unspecified = Symbol('unspecified key');

function validateListMap(fldPath: Path, s: Structural, list: unknown[]): FieldError[] {
  for (const [i, x] of list.entries())
    if (x !== null && !isObject(x))
      return [invalid(String(fldPath.index(i)), x, 'must be an object for an array of list-type map')];
  if (list.length <= 1) return [];
  const keyFields = s.listMapKeys ?? [];
  if (keyFields.length === 1) {
    const field = keyFields[0] as string;
    const keys = list.map((x) => (isObject(x) && field in x ? x[field] : unspecified));
    return nonUniqueIndices(keys).map((i) =>
      duplicate(fldPath.index(i), keys[i] === unspecified ? {} : { [field]: keys[i] }),
    );
  }
  const keys = list.map((x) => {
    const key: Record<string, unknown> = {};
    if (isObject(x)) for (const f of keyFields) if (f in x) key[f] = x[f];
    return key;
  });
  return nonUniqueIndices(keys).map((i) => duplicate(fldPath.index(i), keys[i]));
}
