import { describe, expect, it } from 'vitest';
import { goJSONSyntaxError } from './syntax.js';

describe('goJSONSyntaxError', () => {
  it.each([
    ['', 'unexpected end of JSON input'],
    ['{"a":1', 'unexpected end of JSON input'],
    ['{"a":"x', 'unexpected end of JSON input'],
    ['{"kind":"ConfigMap",}', `invalid character '}' looking for beginning of object key string`],
    ['{"a":}', `invalid character '}' looking for beginning of value`],
    ['{"a" 1}', `invalid character '1' after object key`],
    ['{"a":1 "b":2}', `invalid character '"' after object key:value pair`],
    ['[1 2]', `invalid character '2' after array element`],
    ['{} x', `invalid character 'x' after top-level value`],
    ['tru', 'unexpected end of JSON input'],
    ['trux', `invalid character 'x' in literal true (expecting 'e')`],
    ['nul!', `invalid character '!' in literal null (expecting 'l')`],
    ['-a', `invalid character 'a' in numeric literal`],
    ['1.x', `invalid character 'x' after decimal point in numeric literal`],
    ['1ex', `invalid character 'x' in exponent of numeric literal`],
    ['"a\\q"', `invalid character 'q' in string escape code`],
    ['"\\u12g4"', `invalid character 'g' in \\u hexadecimal character escape`],
    ['"a\nb"', `invalid character '\\n' in string literal`],
    ["{'a':1}", `invalid character '\\'' looking for beginning of object key string`],
    ['\u0001', `invalid character '\\x01' looking for beginning of value`],
  ])('words %j as Go does', (text, message) => {
    expect(goJSONSyntaxError(text)).toBe(message);
  });

  it('accepts valid JSON', () => {
    expect(goJSONSyntaxError(' {"a":[1,-2.5e+3,true,false,null,"x\\u00e9\\n"],"b":{}} ')).toBeUndefined();
  });
});
