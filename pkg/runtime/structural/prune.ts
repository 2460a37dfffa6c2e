/**
 * Pruning and type checking of a decoded object against its structural schema: what decoding
 * into Go structs does as a side effect upstream (unknown JSON fields are dropped; a value of
 * the wrong JSON type fails the decode). Mirrors the pruning algorithm of
 * apiextensions-apiserver/pkg/apiserver/schema/pruning plus encoding/json's type errors.
 *
 * Unknown fields are removed in place: they are never stored, whatever fieldValidation says.
 */
import { parseQuantity, quantityFormatError } from '../../api/resource/quantity.js';
import type { Structural, StructNode } from './structural.js';

export interface PruneResult {
  /** Paths of removed fields (`spec.template.spec.containers[0].foo`), in traversal order. */
  unknownFields: string[];
  /**
   * The first value of the wrong type, worded as Go's encoding/json reports it (`json: cannot
   * unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32`). Upstream
   * fails the whole decode on it, whatever fieldValidation says.
   */
  typeError?: string;
}

export interface PruneOptions {
  /**
   * Visit object keys in sorted order, as upstream does when the body was YAML (converted to
   * JSON with sorted keys before decoding); otherwise in document order.
   */
  sortKeys?: boolean;
}

interface Walk {
  result: PruneResult;
  sortKeys: boolean;
  /** Path of the value being visited: `.field`, `.mapKey` and `[index]` segments. */
  path: string[];
  /** Go's error context: the JSON names of the struct fields leading to the value. */
  fields: string[];
}

/**
 * Prunes `value` (mutating it) against `schema` and reports what it removed or rejected.
 * Recursion depth is bounded: decoders refuse values nested past maxNestingDepth (pkg/util/json/depth.ts).
 */
export function prune(value: unknown, schema: Structural, options: PruneOptions = {}): PruneResult {
  const walk: Walk = { result: { unknownFields: [] }, sortKeys: options.sortKeys ?? false, path: [], fields: [] };
  visit(walk, value, schema, '');
  return walk.result;
}

/** `struct` is the Go name of the innermost struct (`DeploymentSpec`), '' at the top. */
function visit(walk: Walk, value: unknown, schema: Structural, struct: string): void {
  if (value === null || value === undefined) return; // Go leaves the zero value for null
  switch (schema.kind) {
    case 'any':
      return;
    case 'struct':
      if (!isObject(value)) return typeError(walk, value, schema.goType, struct);
      return visitStruct(walk, value, schema);
    case 'map':
      if (!isObject(value)) return typeError(walk, value, schema.goType, struct);
      for (const key of keysOf(walk, value)) {
        walk.path.push(`.${key}`);
        visit(walk, value[key], schema.values, struct);
        walk.path.pop();
      }
      return;
    case 'list':
      if (!Array.isArray(value)) return typeError(walk, value, schema.goType, struct);
      for (let i = 0; i < value.length; i++) {
        walk.path.push(`[${i}]`);
        visit(walk, value[i], schema.items, struct);
        walk.path.pop();
      }
      return;
    case 'string':
      if (typeof value !== 'string') return typeError(walk, value, schema.goType, struct);
      if (schema.goType === '[]uint8') checkBase64(walk, value);
      return;
    case 'boolean':
      if (typeof value !== 'boolean') typeError(walk, value, schema.goType, struct);
      return;
    case 'number':
      if (typeof value !== 'number') typeError(walk, value, schema.goType, struct);
      return;
    case 'integer':
      if (typeof value !== 'number') return typeError(walk, value, schema.goType, struct);
      if (!fitsInteger(value, schema.goType)) typeError(walk, value, schema.goType, struct, `number ${String(value)}`);
      return;
    case 'int-or-string':
      // IntOrString.UnmarshalJSON decodes into a fresh value: Go reports no field context.
      if (typeof value === 'string') return;
      if (typeof value !== 'number') return typeError(walk, value, 'int32', '');
      if (!fitsInteger(value, 'int32')) typeError(walk, value, 'int32', '', `number ${String(value)}`);
      return;
    case 'quantity':
      if (!isQuantity(value)) setTypeError(walk, quantityFormatError);
      return;
    case 'time':
    case 'micro-time':
      if (typeof value !== 'string') return typeError(walk, value, 'string', '');
      if (!isRFC3339(value))
        setTypeError(
          walk,
          `parsing time ${JSON.stringify(value)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(value)} as "2006"`,
        );
      return;
  }
}

function visitStruct(walk: Walk, value: Record<string, unknown>, schema: StructNode): void {
  for (const key of keysOf(walk, value)) {
    const child = schema.properties.get(key);
    if (!child) {
      walk.result.unknownFields.push(`${walk.path.join('')}.${key}`.replace(/^\./, ''));
      delete value[key];
      continue;
    }
    walk.path.push(`.${key}`);
    walk.fields.push(key);
    visit(walk, value[key], child, schema.name);
    walk.path.pop();
    walk.fields.pop();
  }
}

function keysOf(walk: Walk, value: Record<string, unknown>): string[] {
  const keys = Object.keys(value);
  return walk.sortKeys ? keys.sort() : keys;
}

function typeError(walk: Walk, value: unknown, goType: string, struct: string, what = jsonKind(value)): void {
  if (walk.result.typeError !== undefined) return;
  const target = struct === '' ? 'Go value' : `Go struct field ${struct}.${walk.fields.join('.')}`;
  setTypeError(walk, `json: cannot unmarshal ${what} into ${target} of type ${goType}`);
}

function setTypeError(walk: Walk, message: string): void {
  walk.result.typeError ??= message;
}

function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  return typeof value === 'object' ? 'object' : typeof value;
}

/** The common spellings (`250m`, `1Gi`, `2`, `1e3`) by pattern; anything else through the full parser. */
const simpleQuantity = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[numkMGTPE]|[KMGTPE]i|[eE][+-]?\d+)?$/;

function isQuantity(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  return typeof value === 'string' && (simpleQuantity.test(value) || parseQuantity(value) !== undefined);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fitsInteger(value: number, goType: string): boolean {
  if (!Number.isInteger(value)) return false;
  return goType === 'int32' ? value >= -2147483648 && value <= 2147483647 : Math.abs(value) < 2 ** 63;
}

function isRFC3339(value: string): boolean {
  return (
    /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(value) &&
    !Number.isNaN(Date.parse(value))
  );
}

/** Go decodes []byte with base64.StdEncoding, which skips \r and \n and requires padding. */
function checkBase64(walk: Walk, value: string): void {
  const text = value.replace(/[\r\n]/g, '');
  const bad = /[^A-Za-z0-9+/=]|=[^=]/.exec(text);
  if (bad)
    return setTypeError(walk, `illegal base64 data at input byte ${bad.index + (bad[0].startsWith('=') ? 1 : 0)}`);
  if (text.length % 4 !== 0) setTypeError(walk, `illegal base64 data at input byte ${text.length - (text.length % 4)}`);
}
