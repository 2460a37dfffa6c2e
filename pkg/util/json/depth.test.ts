import { describe, expect, it } from 'vitest';
import { nestingDepth } from './depth.js';

describe('nestingDepth', () => {
  it('counts nested arrays and objects', () => {
    expect(nestingDepth('x')).toBe(0);
    expect(nestingDepth(null)).toBe(0);
    expect(nestingDepth({})).toBe(1);
    expect(nestingDepth({ a: [1, { b: [] }], c: 2 })).toBe(4);
  });

  it('measures any depth without recursion, stopping past the cap', () => {
    let deep: unknown = [];
    for (let i = 1; i < 200_000; i++) deep = [deep];
    expect(nestingDepth(deep)).toBe(200_000);
    expect(nestingDepth(deep, 10)).toBe(11);
  });
});
