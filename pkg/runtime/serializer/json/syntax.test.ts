import { describe, expect, it } from 'vitest';
import { maxNestingDepth } from '../../../util/json/depth.js';
import { exceedsNestingDepth, goJSONSyntaxError } from './syntax.js';

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

  // Regression: the scanner recursed once per level, so 3 MiB of `[` overflowed the stack (a 500).
  it('scans any depth without recursion and stops where Go would, past the limit', () => {
    expect(goJSONSyntaxError('['.repeat(3 * 1024 * 1024))).toBe(`invalid character '[' exceeded max depth`);
    const deepest = `${'{"a":'.repeat(maxNestingDepth - 1)}[]${'}'.repeat(maxNestingDepth - 1)}`;
    expect(goJSONSyntaxError(deepest)).toBeUndefined();
    expect(goJSONSyntaxError(`[${deepest}]`)).toBe(`invalid character '[' exceeded max depth`);
    expect(goJSONSyntaxError(`{"b":${deepest}}`)).toBe(`invalid character '[' exceeded max depth`);
    expect(goJSONSyntaxError(`[${'{"a":'.repeat(maxNestingDepth)}`)).toBe(`invalid character '{' exceeded max depth`);
    // Errors come in text order, as Go's scanner meets them.
    expect(goJSONSyntaxError(`[1 2, ${'['.repeat(maxNestingDepth)}]`)).toBe(
      `invalid character '2' after array element`,
    );
    expect(goJSONSyntaxError('[[1],[2],{"a":[{}]}]')).toBeUndefined();
  });
});

describe('exceedsNestingDepth', () => {
  it('counts brackets outside strings', () => {
    const deep = '['.repeat(maxNestingDepth + 1) + ']'.repeat(maxNestingDepth + 1);
    expect(exceedsNestingDepth(deep)).toBe(true);
    expect(exceedsNestingDepth(deep.slice(1, -1))).toBe(false);
    expect(exceedsNestingDepth(JSON.stringify({ s: `${'['.repeat(2000)}\\"[` }))).toBe(false);
  });
});
