/**
 * JSON → CEL values along the schema's CEL types (apiextensions-apiserver
 * pkg/apiserver/schema/cel/model UnstructuredToVal): integers become CEL ints (bigint), objects
 * instances of their CEL object type holding only the declared (escaped) fields, maps `Map`s,
 * date/date-time strings timestamps, duration strings durations, byte strings bytes.
 *
 * The conversion also records, per CEL type, the largest list, map or string met, so that the
 * runtime cost of a rule can be bounded with the object's real sizes (see cost.ts).
 */
import { Duration } from '@marcbachmann/cel-js/evaluator';
import { isObject } from '../structural.js';
import type { DeclType, ObjectDecl } from './model.js';

/** A CEL object value: own properties are the escaped field names. */
export class CelObject {
  constructor(props: Record<string, unknown>) {
    Object.assign(this, props);
  }
}

export type CelObjectClass = new (props: Record<string, unknown>) => CelObject;

/** Largest element count seen per type during one conversion. */
export type ObservedSizes = Map<DeclType, number>;

export class ValueConversionError extends Error {}

export interface Converter {
  toCel(value: unknown, decl: DeclType, sizes: ObservedSizes): unknown;
}

function observe(sizes: ObservedSizes, decl: DeclType, n: number): void {
  if ((sizes.get(decl) ?? -1) < n) sizes.set(decl, n);
}

/** Go's time.ParseDuration, into a CEL duration. */
export function parseGoDuration(text: string): Duration | undefined {
  const m = /^([-+]?)((?:\d+(?:\.\d*)?|\.\d+)(?:ns|us|µs|ms|s|m|h))+$/.exec(text);
  if (!m && text !== '0') return undefined;
  let nanos = 0n;
  const units: Record<string, bigint> = {
    ns: 1n,
    us: 1000n,
    µs: 1000n,
    ms: 1000000n,
    s: 1000000000n,
    m: 60000000000n,
    h: 3600000000000n,
  };
  for (const part of text.matchAll(/(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/g)) {
    const [whole = '0', frac = ''] = (part[1] ?? '0').split('.');
    const unit = units[part[2] ?? 's'] ?? 1n;
    nanos += BigInt(whole || '0') * unit;
    if (frac) nanos += (BigInt(frac) * unit) / 10n ** BigInt(frac.length);
  }
  if (m?.[1] === '-') nanos = -nanos;
  return new Duration(nanos / 1000000000n, Number(nanos % 1000000000n));
}

/** Builds the converter for the object types of one environment. */
export function newConverter(classes: ReadonlyMap<ObjectDecl, CelObjectClass>): Converter {
  const toCel = (value: unknown, decl: DeclType, sizes: ObservedSizes): unknown => {
    if (value === null || value === undefined) return null;
    switch (decl.kind) {
      case 'object': {
        if (!isObject(value)) return value;
        const props: Record<string, unknown> = {};
        for (const [name, field] of decl.fields)
          if (field.property in value) props[name] = toCel(value[field.property], field.type, sizes);
        const Cls = classes.get(decl);
        if (!Cls) throw new ValueConversionError(`no CEL type registered for ${decl.name}`);
        return new Cls(props);
      }
      case 'list': {
        if (!Array.isArray(value)) return value;
        observe(sizes, decl, value.length);
        return value.map((v) => toCel(v, decl.elem, sizes));
      }
      case 'map': {
        if (!isObject(value)) return value;
        const entries = Object.entries(value);
        observe(sizes, decl, entries.length);
        return new Map(entries.map(([k, v]) => [k, toCel(v, decl.elem, sizes)]));
      }
      case 'int':
        return typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : value;
      case 'double':
        return value;
      case 'dyn':
        if (typeof value === 'string') observe(sizes, decl, Buffer.byteLength(value));
        return typeof value === 'number' && Number.isInteger(value) ? BigInt(value) : value;
      case 'string':
        if (typeof value === 'string') observe(sizes, decl, Buffer.byteLength(value));
        return value;
      case 'bytes':
        if (typeof value !== 'string') return value;
        observe(sizes, decl, value.length);
        return new Uint8Array(Buffer.from(value, 'base64'));
      case 'timestamp': {
        if (typeof value !== 'string') return value;
        const t = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
        return Number.isNaN(t.getTime()) ? value : t;
      }
      case 'duration':
        return typeof value === 'string' ? (parseGoDuration(value) ?? value) : value;
      case 'bool':
        return value;
    }
  };
  return { toCel };
}
