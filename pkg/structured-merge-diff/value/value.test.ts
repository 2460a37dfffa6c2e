import { describe, expect, it } from 'vitest';
import {
  compare,
  compareStrings,
  describeValue,
  describeValueSyntax,
  equals,
  goQuote,
  toGoJSON,
  valueString,
  type Value,
} from './value.js';

describe('value order', () => {
  it('orders types as upstream: numbers, strings, booleans, lists, maps, null', () => {
    const sorted: Value[] = [1, 'a', false, [1], { a: 1 }, null];
    for (let i = 0; i < sorted.length; i++)
      for (let j = 0; j < sorted.length; j++)
        expect(compare(sorted[i] as Value, sorted[j] as Value)).toBe(i === j ? 0 : i < j ? -1 : 1);
  });

  it('compares numbers by value, an int equal to a float', () => {
    expect(compare(1, 1.0)).toBe(0);
    expect(compare(1, 1.5)).toBe(-1);
    expect(equals(2, 2.0)).toBe(true);
  });

  it('compares lists element-wise, shorter first', () => {
    expect(compare([1, 2], [1, 2, 3])).toBe(-1);
    expect(compare([1, 3], [1, 2, 3])).toBe(1);
  });

  it('compares maps by their first differing key in lexical order; the side lacking it is larger', () => {
    expect(compare({ a: 1 }, { a: 1, b: 2 })).toBe(-1);
    expect(compare({ b: 1 }, { a: 1 })).toBe(1);
    expect(compare({ a: 1, b: 2 }, { b: 2 })).toBe(-1);
    expect(compare({ a: 2 }, { a: 1 })).toBe(1);
    expect(compare({}, {})).toBe(0);
  });

  it('orders strings by code point, as Go orders UTF-8 bytes', () => {
    // U+1F600 (a surrogate pair in UTF-16) sorts after U+FFFD in UTF-8, before it in UTF-16.
    expect(compareStrings('\u{1F600}', '\uFFFD')).toBe(1);
    expect(compareStrings('a', 'b')).toBe(-1);
    expect(compareStrings('ab', 'a')).toBe(1);
  });

  it('treats maps as equal regardless of key order, and lists by order', () => {
    expect(equals({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(equals([1, 2], [2, 1])).toBe(false);
    expect(equals({ a: 1 }, { a: 1, b: 1 })).toBe(false);
    expect(equals(null, {})).toBe(false);
  });
});

describe('value printing', () => {
  it('prints values as path elements show them', () => {
    expect(valueString('nginx')).toBe('"nginx"');
    expect(valueString(80)).toBe('80');
    expect(valueString(true)).toBe('true');
    expect(valueString(null)).toBe('null');
    expect(valueString([1, 'a'])).toBe('[1,"a"]');
  });

  it('quotes as Go %q does', () => {
    expect(goQuote('a"b\\c\n\x01')).toBe('"a\\"b\\\\c\\n\\x01"');
  });

  it('writes JSON as Go does inside path elements: HTML characters escaped, keys sorted', () => {
    expect(toGoJSON({ b: '<a&b>', a: 1 })).toBe('{"a":1,"b":"\\u003ca\\u0026b\\u003e"}');
    expect(toGoJSON(1e21)).toBe('1e+21');
    expect(toGoJSON(0.5)).toBe('0.5');
  });

  it('describes values as upstream error messages do', () => {
    expect(describeValue({ b: 1, a: 'x' })).toBe('&{map[a:x b:1]}');
    expect(describeValueSyntax(5)).toBe('&value.valueUnstructured{Value:5}');
    expect(describeValueSyntax(['a'])).toBe('&value.valueUnstructured{Value:[]interface {}{"a"}}');
  });
});
