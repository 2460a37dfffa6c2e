import { describe, expect, it } from 'vitest';
import type { JSONSchemaProps } from '../../apis/apiextensions/v1/types.js';
import { formatChecker } from './formats.js';
import { goFloat, newSchemaValidator } from './validation.js';

const errs = (schema: JSONSchemaProps, value: unknown, options?: { basePath?: string; old?: unknown }) =>
  newSchemaValidator(schema).validate(value, options).map(String);

const obj = (properties: Record<string, JSONSchemaProps>, extra: JSONSchemaProps = {}): JSONSchemaProps => ({
  type: 'object',
  properties,
  ...extra,
});

describe('custom resource value validation (kube-openapi semantics)', () => {
  it('checks numbers', () => {
    const s = obj({ n: { type: 'number', minimum: 1, exclusiveMaximum: true, maximum: 5, multipleOf: 0.5 } });
    expect(errs(s, { n: 5 })).toEqual(['n: Invalid value: 5: n in body should be less than 5']);
    expect(errs(s, { n: 0.5 })).toEqual(['n: Invalid value: 0.5: n in body should be greater than or equal to 1']);
    expect(errs(s, { n: 1.25 })).toEqual(['n: Invalid value: 1.25: n in body should be a multiple of 0.5']);
    expect(errs(obj({ i: { type: 'integer' } }), { i: 1.5 })).toEqual([
      'i: Invalid value: "number": i in body must be of type integer: "number"',
    ]);
    expect(goFloat(0.00001)).toBe('1e-05');
    expect(goFloat(1e21)).toBe('1e+21');
  });

  it('checks lists and objects', () => {
    expect(errs(obj({ l: { type: 'array', minItems: 2, items: { type: 'string' } } }), { l: ['a'] })).toEqual([
      'l: Invalid value: 1: l in body should have at least 2 items',
    ]);
    const m = obj({
      m: { type: 'object', minProperties: 2, maxProperties: 2, additionalProperties: { type: 'string' } },
    });
    expect(errs(m, { m: { a: 'x' } })).toEqual(['m: Invalid value: 1: m in body should have at least 2 properties']);
    expect(errs(m, { m: { a: 'x', b: 'y', c: 1 } })).toEqual([
      'm: Too many: 3: must have at most 2 items',
      'm.c: Invalid value: "integer": m.c in body must be of type string: "integer"',
    ]);
    expect(errs(obj({}, { required: ['spec'] }), {})).toEqual(['spec: Required value']);
  });

  it('checks nullability', () => {
    const s = obj({ a: { type: 'string' }, b: { type: 'string', nullable: true } });
    expect(errs(s, { a: null, b: null })).toEqual([
      'a: Invalid value: "null": a in body must be of type string: "null"',
    ]);
  });

  it('reports allOf/anyOf/oneOf/not at upstream’s nil path', () => {
    const anyOf = obj({ x: { type: 'string', anyOf: [{ maxLength: 1 }, { pattern: '^a' }] } });
    expect(errs(anyOf, { x: 'bb' })).toEqual([
      '<nil>: Invalid value: "": "x" must validate at least one schema (anyOf)',
      'x: Too long: may not be more than 1 byte',
    ]);
    const oneOf = obj({ x: { type: 'string', oneOf: [{ maxLength: 5 }, { pattern: '^a' }] } });
    expect(errs(oneOf, { x: 'abc' })).toEqual([
      '<nil>: Invalid value: "": "x" must validate one and only one schema (oneOf). Found 2 valid alternatives',
    ]);
    const not = obj({ x: { type: 'string', not: { enum: ['no'] } } });
    expect(errs(not, { x: 'no' })).toEqual(['<nil>: Invalid value: "": "x" must not validate the schema (not)']);
    const allOf = obj({ x: { type: 'integer', allOf: [{ minimum: 1 }, { maximum: 3 }] } });
    expect(errs(allOf, { x: 5 })).toEqual([
      'x: Invalid value: 5: x in body should be less than or equal to 3',
      '<nil>: Invalid value: "": "x" must validate all the schemas (allOf)',
    ]);
  });

  it('checks formats upstream supports and ignores the others', () => {
    const s = obj({
      t: { type: 'string', format: 'date-time' },
      u: { type: 'string', format: 'uuid' },
      x: { type: 'string', format: 'my-format' },
    });
    expect(errs(s, { t: 'soon', u: 'nope', x: 'anything' })).toEqual([
      't: Invalid value: "soon": t in body must be of type date-time: "soon"',
      'u: Invalid value: "nope": u in body must be of type uuid: "nope"',
    ]);
    expect(errs(s, { t: '2024-02-29T10:00:00.5+01:00', u: 'A987FBC9-4BED-3078-CF07-9141BA07C9F3' })).toEqual([]);
    expect(formatChecker('int32')).toBeUndefined();
    for (const [format, good, bad] of [
      ['ipv4', '10.0.0.1', '::1'],
      ['ipv6', 'fd00::1', '10.0.0.1'],
      ['cidr', '10.0.0.0/8', '10.0.0.0'],
      ['hostname', 'example.com', '-bad-'],
      ['email', 'a@example.com', 'nope'],
      ['uri', 'https://example.com/x', 'not a uri'],
      ['byte', 'aGVsbG8=', 'not base64!'],
      ['date', '2024-02-29', '2023-02-29'],
      ['duration', '1h30m', 'soon'],
      ['mac', '00:1A:2B:3C:4D:5E', '00:1A'],
    ] as const) {
      const check = formatChecker(format);
      expect([format, check?.(good), check?.(bad)]).toEqual([format, true, false]);
    }
  });

  it('ratchets unchanged values on update', () => {
    const s = obj({ a: { type: 'string', maxLength: 1 }, b: { type: 'string', maxLength: 1 } });
    expect(errs(s, { a: 'long', b: 'x' }, { old: { a: 'long', b: 'y' } })).toEqual([]);
    expect(errs(s, { a: 'long', b: 'xx' }, { old: { a: 'long' } })).toEqual([
      'b: Too long: may not be more than 1 byte',
    ]);
  });

  it('prefixes paths with a base path (defaults, status)', () => {
    expect(errs({ type: 'integer' }, 'x', { basePath: 'spec.default' })).toEqual([
      'spec.default: Invalid value: "string":  in body must be of type integer: "string"',
    ]);
  });
});
