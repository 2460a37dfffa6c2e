/**
 * Defaulting (apiextensions-apiserver pkg/apiserver/schema/defaulting): a missing field — or a
 * null one its schema does not allow — takes its schema's `default`, at any depth, inside list
 * items and map values. Applied to requests and to objects read from storage, so a default added
 * to a CRD later shows on old objects too. Non-nullable nulls without a default are removed
 * (PruneNonNullableNullsWithoutDefaults), as decoding into Go structs drops them.
 */
import type { JSONValue } from '../../../apis/apiextensions/v1/types.js';
import { additionalPropertiesSchema, isObject, type Structural } from '../structural.js';

function isNonNullableNull(x: unknown, s: Structural | undefined): s is Structural {
  return x === null && s !== undefined && !s.nullable;
}

function copy(value: JSONValue | undefined): unknown {
  return value === undefined ? null : structuredClone(value);
}

/** Applies defaults in place. */
export function applyDefaults(x: unknown, s: Structural | undefined): void {
  if (!s) return;
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) {
      if (isNonNullableNull(x[i], s.items) && s.items?.default !== undefined) x[i] = copy(s.items.default);
      applyDefaults(x[i], s.items);
    }
    return;
  }
  if (!isObject(x)) return;
  for (const [k, prop] of s.properties ?? []) {
    if (prop.default === undefined) continue;
    if (!(k in x) || isNonNullableNull(x[k], prop)) x[k] = copy(prop.default);
  }
  const values = additionalPropertiesSchema(s);
  for (const k of Object.keys(x)) {
    const prop = s.properties?.get(k);
    if (prop) applyDefaults(x[k], prop);
    else if (values) {
      if (isNonNullableNull(x[k], values) && values.default !== undefined) x[k] = copy(values.default);
      applyDefaults(x[k], values);
    }
  }
}

function fieldSchema(field: string, s: Structural | undefined): Structural | undefined {
  return s?.properties?.get(field) ?? (s ? additionalPropertiesSchema(s) : undefined);
}

/** Removes null values whose schema is neither nullable nor defaulted. */
export function pruneNonNullableNullsWithoutDefaults(x: unknown, s: Structural | undefined): void {
  if (Array.isArray(x)) {
    for (const v of x) pruneNonNullableNullsWithoutDefaults(v, s?.items);
    return;
  }
  if (!isObject(x)) return;
  for (const k of Object.keys(x)) {
    const schema = fieldSchema(k, s);
    if (x[k] === null && schema && !schema.nullable && schema.default === undefined) delete x[k];
    else pruneNonNullableNullsWithoutDefaults(x[k], schema);
  }
}
