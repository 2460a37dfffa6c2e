/**
 * Go's `%#v` of a decoded JSON value, as field errors print non-scalar bad values
 * (`map[string]interface {}{"name":"a"}`): upstream's messages show these verbatim.
 */
import { goFloat } from '../validation/validation.js';
import { isObject } from './structural.js';

export function goValue(value: unknown): string {
  if (value === null || value === undefined) return 'interface {}(nil)';
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : goFloat(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return `[]interface {}{${value.map(goValue).join(', ')}}`;
  if (isObject(value))
    return `map[string]interface {}{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${goValue(value[k])}`)
      .join(', ')}}`;
  return String(value);
}
