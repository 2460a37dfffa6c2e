/**
 * Validation of a custom resource against its openAPIV3Schema, with kube-openapi's semantics and
 * messages as apiextensions-apiserver pkg/apiserver/validation reports them: field errors whose
 * detail repeats kube-openapi's sentence (`spec.replicas in body should be less than or equal to
 * 10`), enums as `Unsupported value`, missing required fields as `Required value`, composition
 * failures (`"spec" must validate at least one schema (anyOf)`) at upstream's nil path `<nil>`.
 *
 * Built once per schema with newSchemaValidator; regular expressions are RE2 (Go's syntax and
 * linear-time matching), as upstream's.
 */
import { RE2JS } from 're2js';
import type { JSONSchemaProps, JSONValue } from '../../apis/apiextensions/v1/types.js';
import { FieldError, invalid, notSupported, required } from '../../util/validation/field/errors.js';
import { formatChecker } from './formats.js';

/** kube-openapi's `in` for every custom-resource error. */
const IN = 'body';
/** Upstream passes a nil field path: errors without a name print as `<nil>`. */
const NIL_PATH = '<nil>';

/** One validation run: where errors go, the base of their paths, the compiled patterns. */
interface Ctx {
  errors: FieldError[];
  basePath: string | undefined;
  pattern: (p: string) => RE2JS;
}

/** The old value correlated with the one being validated, when there is one. */
type Old = { value: unknown } | undefined;

export interface SchemaValidator {
  /**
   * Validates a value. `basePath` prefixes error paths (upstream's fldPath; none gives `<nil>`
   * for errors without a name). On update, `old` turns on ratcheting: a value equal to its
   * correlated old value (through object fields and map keys) is not re-validated, so that
   * objects stored before a schema tightened can still be updated.
   */
  validate(value: unknown, options?: { basePath?: string; old?: unknown }): FieldError[];
}

/** Compiles the validator of a schema once (patterns, nested validators). */
export function newSchemaValidator(schema: JSONSchemaProps): SchemaValidator {
  const patterns = new Map<string, RE2JS>();
  const pattern = (p: string) => {
    let compiled = patterns.get(p);
    if (!compiled) {
      compiled = RE2JS.compile(p);
      patterns.set(p, compiled);
    }
    return compiled;
  };
  return {
    validate(value, options = {}) {
      const ctx: Ctx = { errors: [], basePath: options.basePath, pattern };
      const old = 'old' in options ? { value: options.old } : undefined;
      validateNode(schema, value, '', ctx, old);
      return ctx.errors;
    },
  };
}

/** kube-openapi's JSON type of a decoded value. */
function schemaType(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'object') return 'object';
  return typeof value;
}

/** A kube-openapi error whose name is `path`, mapped to a field error as upstream maps it. */
function errPathIn(base: string | undefined, path: string): string {
  const name = path === '.' ? '' : path.replace(/^\./, '');
  if (base === undefined) return name === '' ? NIL_PATH : name;
  return name === '' ? base : `${base}.${name}`;
}

/** Go's %v of a float64: shortest digits, exponent form below 1e-4 and from 1e21. */
export function goFloat(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : x < 0 ? '-Inf' : 'NaN';
  const abs = Math.abs(x);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e21)) {
    const [mant, exp] = x.toExponential().split('e');
    const e = Number(exp);
    return `${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  return String(x);
}

function typeError(ctx: Ctx, path: string, typeName: string, actual: string): FieldError {
  // InvalidType with a string value prints it quoted; the field error carries the value too.
  return new FieldError(
    'FieldValueTypeInvalid',
    errPathIn(ctx.basePath, path),
    actual,
    `${path} in ${IN} must be of type ${typeName}: ${JSON.stringify(actual)}`,
  );
}

function validateNode(s: JSONSchemaProps, value: unknown, path: string, ctx: Ctx, old: Old): void {
  // Ratcheting: an unchanged value passes, whatever the schema says now.
  if (old && jsonEqual(value, old.value)) return;
  const types = s['x-kubernetes-int-or-string'] ? ['integer', 'string'] : s.type ? [s.type] : [];
  const actual = schemaType(value);
  const format = s.format && formatChecker(s.format) ? s.format : '';
  const add = (e: FieldError) => {
    ctx.errors.push(e);
  };

  if (value === null || value === undefined) {
    if (types.length > 0 && !s.nullable) add(typeError(ctx, path, types.join(','), 'null'));
    if (s.enum && s.enum.length > 0) enumCheck(ctx, s.enum, null, path);
    return;
  }

  // Type (type.go): strings with a format are checked by the format validator instead.
  const numeric = types.includes('number') || types.includes('integer');
  const skipType = !numeric && format !== '' && typeof value === 'string';
  if (!skipType && types.length > 0) {
    const ok = types.includes(actual) || (actual === 'integer' && types.includes('number'));
    if (!ok) add(typeError(ctx, path, types.join(','), actual));
  }

  validateComposition(s, value, path, ctx);

  if (typeof value === 'string') {
    stringChecks(ctx, s, value, path);
    if (format) {
      const check = formatChecker(format);
      if (check && !check(value))
        add(
          new FieldError(
            'FieldValueTypeInvalid',
            errPathIn(ctx.basePath, path),
            value,
            `${path} in ${IN} must be of type ${format}: ${JSON.stringify(value)}`,
          ),
        );
    }
  }
  if (typeof value === 'number') numberChecks(ctx, s, value, path);
  if (Array.isArray(value)) {
    if (s.maxItems !== undefined && value.length > s.maxItems)
      add(
        new FieldError(
          'FieldValueTooMany',
          errPathIn(ctx.basePath, path),
          value.length,
          `must have at most ${s.maxItems} items`,
        ),
      );
    if (s.minItems !== undefined && value.length < s.minItems)
      add(
        invalid(
          errPathIn(ctx.basePath, path),
          value.length,
          `${path} in ${IN} should have at least ${s.minItems} items`,
        ),
      );
    if (s.uniqueItems && hasDuplicates(value))
      add(invalid(errPathIn(ctx.basePath, path), '', `${path} in ${IN} shouldn't contain duplicates`));
    const items = s.items;
    if (items && !Array.isArray(items))
      value.forEach((item, i) => {
        validateNode(items, item, `${path}[${i}]`, ctx, undefined);
      });
  }
  if (s.enum && s.enum.length > 0) enumCheck(ctx, s.enum, value, path);
  if (isObject(value)) objectChecks(ctx, s, value, path, old);
}

function stringChecks(ctx: Ctx, s: JSONSchemaProps, value: string, path: string): void {
  const add = (e: FieldError) => {
    ctx.errors.push(e);
  };
  const runes = [...value].length;
  if (s.maxLength !== undefined && runes > s.maxLength) {
    const unit = s.maxLength === 1 ? 'byte' : 'bytes';
    return add(
      new FieldError(
        'FieldValueTooLong',
        errPathIn(ctx.basePath, path),
        '',
        `may not be more than ${s.maxLength} ${unit}`,
      ),
    );
  }
  if (s.minLength !== undefined && runes < s.minLength)
    return add(
      invalid(errPathIn(ctx.basePath, path), value, `${path} in ${IN} should be at least ${s.minLength} chars long`),
    );
  if (s.pattern && !ctx.pattern(s.pattern).matcher(value).find())
    add(invalid(errPathIn(ctx.basePath, path), value, `${path} in ${IN} should match '${s.pattern}'`));
}

function numberChecks(ctx: Ctx, s: JSONSchemaProps, value: number, path: string): void {
  const add = (e: FieldError) => {
    ctx.errors.push(e);
  };
  if (s.multipleOf !== undefined) {
    const q = value / s.multipleOf;
    if (!Number.isInteger(q) && Math.abs(q - Math.round(q)) > 1e-9)
      add(
        invalid(
          errPathIn(ctx.basePath, path),
          value,
          `${path} in ${IN} should be a multiple of ${goFloat(s.multipleOf)}`,
        ),
      );
  }
  if (s.minimum !== undefined) {
    const bad = s.exclusiveMinimum ? value <= s.minimum : value < s.minimum;
    if (bad)
      add(
        invalid(
          errPathIn(ctx.basePath, path),
          value,
          `${path} in ${IN} should be greater than ${s.exclusiveMinimum ? '' : 'or equal to '}${goFloat(s.minimum)}`,
        ),
      );
  }
  if (s.maximum !== undefined) {
    const bad = s.exclusiveMaximum ? value >= s.maximum : value > s.maximum;
    if (bad)
      add(
        invalid(
          errPathIn(ctx.basePath, path),
          value,
          `${path} in ${IN} should be less than ${s.exclusiveMaximum ? '' : 'or equal to '}${goFloat(s.maximum)}`,
        ),
      );
  }
}

function objectChecks(ctx: Ctx, s: JSONSchemaProps, value: Record<string, unknown>, path: string, old: Old): void {
  const add = (e: FieldError) => {
    ctx.errors.push(e);
  };
  const oldObject = old && isObject(old.value) ? old.value : undefined;
  const oldOf = (k: string): Old => (oldObject && k in oldObject ? { value: oldObject[k] } : undefined);
  const keys = Object.keys(value);
  if (s.minProperties !== undefined && keys.length < s.minProperties)
    add(
      invalid(
        errPathIn(ctx.basePath, path),
        keys.length,
        `${path} in ${IN} should have at least ${s.minProperties} properties`,
      ),
    );
  if (s.maxProperties !== undefined && keys.length > s.maxProperties)
    add(
      new FieldError(
        'FieldValueTooMany',
        errPathIn(ctx.basePath, path),
        keys.length,
        `must have at most ${s.maxProperties} items`,
      ),
    );
  const props = s.properties ?? {};
  if (s.additionalProperties === false) {
    for (const k of keys)
      if (!(k in props))
        add(invalid(errPathIn(ctx.basePath, path), k, `${path}.${k} in ${IN} is a forbidden property`));
  } else if (typeof s.additionalProperties === 'object') {
    for (const k of keys)
      if (!(k in props)) validateNode(s.additionalProperties, value[k], `${path}.${k}`, ctx, oldOf(k));
  }
  for (const [name, child] of Object.entries(props))
    if (name in value) validateNode(child, value[name], path === '' ? name : `${path}.${name}`, ctx, oldOf(name));
  for (const k of s.required ?? []) if (!(k in value)) add(required(errPathIn(ctx.basePath, `${path}.${k}`)));
}

function enumCheck(ctx: Ctx, allowed: JSONValue[], value: unknown, path: string): void {
  if (allowed.some((a) => jsonEqual(a, value))) return;
  const values = allowed.map((a) => (typeof a === 'string' ? a : JSON.stringify(a)));
  ctx.errors.push(notSupported(errPathIn(ctx.basePath, path), value, values));
}

function validateComposition(s: JSONSchemaProps, value: unknown, path: string, ctx: Ctx): void {
  const run = (sub: JSONSchemaProps): Ctx => {
    const r: Ctx = { ...ctx, errors: [] };
    validateNode(sub, value, path, r, undefined);
    return r;
  };
  const composite = (detail: string) =>
    ctx.errors.push(
      new FieldError('FieldValueInvalid', ctx.basePath ?? NIL_PATH, '', `${JSON.stringify(path)} ${detail}`),
    );
  if (s.anyOf && s.anyOf.length > 0) {
    const results = s.anyOf.map(run);
    if (!results.some((r) => r.errors.length === 0)) {
      composite('must validate at least one schema (anyOf)');
      ctx.errors.push(...fewestErrors(results).errors);
    }
  }
  if (s.oneOf && s.oneOf.length > 0) {
    const results = s.oneOf.map(run);
    const valid = results.filter((r) => r.errors.length === 0).length;
    if (valid !== 1) {
      composite(
        `must validate one and only one schema (oneOf). ${valid === 0 ? 'Found none valid' : `Found ${valid} valid alternatives`}`,
      );
      if (valid === 0) ctx.errors.push(...fewestErrors(results).errors);
    }
  }
  if (s.allOf && s.allOf.length > 0) {
    const results = s.allOf.map(run);
    const valid = results.filter((r) => r.errors.length === 0).length;
    for (const r of results) ctx.errors.push(...r.errors);
    if (valid !== s.allOf.length)
      composite(`must validate all the schemas (allOf)${valid === 0 ? '. None validated' : ''}`);
  }
  if (s.not && run(s.not).errors.length === 0) composite('must not validate the schema (not)');
}

/** kube-openapi reports the alternative that matched best; the one with the fewest errors stands in for it. */
function fewestErrors(results: Ctx[]): Ctx {
  return results.reduce((best, r) => (r.errors.length < best.errors.length ? r : best));
}

function hasDuplicates(list: unknown[]): boolean {
  const seen = new Set<string>();
  for (const item of list) {
    const key = canonicalJSON(item);
    if (seen.has(key)) return true;
    seen.add(key);
  }
  return false;
}

/** JSON with object keys sorted: equal values give equal strings. */
export function canonicalJSON(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJSON).join(',')}]`;
  if (isObject(value))
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJSON(value[k])}`)
      .join(',')}}`;
  return JSON.stringify(value ?? null);
}

/** Deep equality of decoded JSON values (object key order does not matter). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return false;
  return keys.every((k) => k in b && jsonEqual(a[k], b[k]));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
