/**
 * The Kubernetes CEL libraries and the engine's behaviour rules rely on, through a compiled rule
 * on a string/list schema: each expression must evaluate to true.
 */
import { describe, expect, it } from 'vitest';
import type { JSONSchemaProps } from '../../../apis/apiextensions/v1/types.js';
import { newStructural } from '../structural.js';
import { CELSchema } from './compilation.js';
import { validateCEL } from './validation.js';

const schema: JSONSchemaProps = {
  type: 'object',
  properties: {
    s: { type: 'string', maxLength: 64 },
    ints: { type: 'array', maxItems: 8, items: { type: 'integer' } },
    names: { type: 'array', maxItems: 8, items: { type: 'string', maxLength: 8 } },
    ratio: { type: 'number' },
    when: { type: 'string', format: 'date-time' },
    timeout: { type: 'string', format: 'duration' },
    namespace: { type: 'string' },
    'dotted.name': { type: 'string' },
    items: {
      type: 'array',
      maxItems: 4,
      items: { type: 'object', properties: { name: { type: 'string', maxLength: 8 } } },
    },
  },
};

const value = {
  s: 'Hello, World',
  ints: [1, 2, 3],
  names: ['b', 'a'],
  ratio: 0.5,
  when: '2024-01-02T03:04:05Z',
  timeout: '1m30s',
  namespace: 'ns',
  'dotted.name': 'x',
  items: [{ name: 'a' }, {}],
};

/** Evaluates `rule` with self = value; returns the error messages (none when it holds). */
function run(rule: string): string[] {
  const s = newStructural({ ...schema, 'x-kubernetes-validations': [{ rule }] });
  const cel = new CELSchema(s, false);
  const compiled = cel.compile(s, false);
  const error = compiled?.rules[0]?.error;
  if (error) return [error.detail];
  return validateCEL(cel, s, false, value, undefined, 'self').errors.map(String);
}

const holds = [
  // strings (engine) and regex (RE2)
  "self.s.startsWith('Hello') && self.s.endsWith('World') && self.s.contains(', ')",
  "self.s.lowerAscii() == 'hello, world' && self.s.upperAscii() == 'HELLO, WORLD'",
  "self.s.split(', ') == ['Hello', 'World'] && self.s.substring(7) == 'World' && self.s.indexOf('o') == 4",
  "self.s.matches('(?i)^hello') && !self.s.matches('^world')",
  "self.s.find('[A-Z][a-z]+') == 'Hello' && self.s.findAll('[A-Z]') == ['H', 'W'] && self.s.findAll('o', 1) == ['o']",
  // lists
  'self.ints.isSorted() && !self.names.isSorted() && self.ints.sum() == 6',
  "self.ints.min() == 1 && self.ints.max() == 3 && self.names.indexOf('a') == 1 && self.ints.lastIndexOf(3) == 2",
  'self.ints.all(i, i > 0) && self.ints.exists(i, i == 2) && self.ints.exists_one(i, i == 3)',
  'self.ints.map(i, i * 2) == [2, 4, 6] && self.ints.filter(i, i > 1).size() == 2',
  // optionals, has over an index, escaping of names
  "self.items[1].?name.orValue('none') == 'none' && has(self.items[0].name) && !has(self.items[1].name)",
  "self.__namespace__ == 'ns' && self.dotted__dot__name == 'x'",
  // url, ip, cidr, quantity
  "isURL('https://example.com:8443/a?b=c') && url('https://example.com:8443/a').getHost() == 'example.com:8443'",
  "url('https://example.com/a?b=c&b=d').getQuery()['b'] == ['c', 'd'] && url('https://example.com:8443').getPort() == '8443'",
  "isIP('10.0.0.1') && !isIP('10.0.0.256') && ip('fd00::1').family() == 6 && ip('127.0.0.1').isLoopback()",
  "isCIDR('10.0.0.0/8') && cidr('10.0.0.0/8').containsIP('10.1.2.3') && !cidr('10.0.0.0/8').containsIP('11.0.0.1')",
  "cidr('10.1.2.3/8').masked() == cidr('10.0.0.0/8') && cidr('fd00::/64').prefixLength() == 64",
  "isQuantity('1.5Gi') && quantity('1Gi').isGreaterThan(quantity('1000Mi')) && quantity('500m').asApproximateFloat() == 0.5",
  "quantity('1').add(quantity('500m')) == quantity('1500m') && quantity('2k').asInteger() == 2000",
  // format library
  "!format.dns1123Label().validate('ok-name').hasValue() && format.dns1123Label().validate('Bad_Name').hasValue()",
  "format.named('uuid').hasValue() && !format.named('nope').hasValue() && format.named('labelValue').value().validate('a b').value().size() == 1",
  // numbers, timestamps, durations
  'self.ratio * 2.0 == 1.0',
  "self.when < timestamp('2025-01-01T00:00:00Z') && self.timeout == duration('90s')",
];

describe('CEL libraries', () => {
  it.each(holds)('%s', (rule) => {
    expect(run(rule)).toEqual([]);
  });

  it('reports runtime errors as cel-go does', () => {
    expect(run('self.ints[5] == 1')).toEqual([
      'self: Invalid value: "object": index out of bounds: 5 evaluating rule: self.ints[5] == 1',
    ]);
    expect(run("self.items[1].name == 'x'")).toEqual([
      `self: Invalid value: "object": no such key: name evaluating rule: self.items[1].name == 'x'`,
    ]);
    expect(run('self.ints[0] / 0 == 1')).toEqual([
      'self: Invalid value: "object": division by zero evaluating rule: self.ints[0] / 0 == 1',
    ]);
    expect(run('quantity(self.s).sign() == 1')[0]).toMatch(/^self: Invalid value: "object": quantities must match/);
  });

  it('uses RE2, not JavaScript regular expressions', () => {
    // Lookbehind is JavaScript-only; RE2 refuses it when the rule is compiled.
    expect(run("self.s.matches('(?<=H)ello')")[0]).toMatch(/invalid matches argument/);
    // A pattern that backtracks exponentially in JavaScript is linear in RE2.
    const started = performance.now();
    expect(run(`!'${'a'.repeat(30)}b'.matches('^(a+)+$')`)).toEqual([]);
    expect(performance.now() - started).toBeLessThan(1000);
  });
});
