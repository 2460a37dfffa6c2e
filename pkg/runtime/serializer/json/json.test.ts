import { describe, expect, it } from 'vitest';
import { maxNestingDepth } from '../../../util/json/depth.js';
import { decodeJSON, JSONSyntaxError } from './json.js';

describe('decodeJSON', () => {
  it('parses JSON', () => {
    expect(decodeJSON('{"a":[1,"x",null,true]}')).toEqual({ a: [1, 'x', null, true] });
  });

  it("words syntax errors as Go's scanner", () => {
    expect(() => decodeJSON('{"a":}')).toThrow(
      new JSONSyntaxError(`invalid character '}' looking for beginning of value`),
    );
  });

  // Regression: 10,000 levels parsed fine and then overflowed the stack in every later walk (500s).
  it('refuses text nested deeper than the limit before building anything', () => {
    const ok = '['.repeat(maxNestingDepth) + ']'.repeat(maxNestingDepth);
    expect(decodeJSON(ok)).toBeInstanceOf(Array);
    expect(() => decodeJSON(`[${ok}]`)).toThrow(new JSONSyntaxError(`invalid character '[' exceeded max depth`));
    expect(() => decodeJSON(`{"a":${'['.repeat(10_000)}`)).toThrow(`invalid character '[' exceeded max depth`);
  });
});
