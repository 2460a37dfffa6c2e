import { describe, expect, it } from 'vitest';
import {
  canonicalQuantity,
  compareQuantity,
  parseQuantity,
  quantityMilliValue,
  quantityValue,
  roundUpQuantity,
  formatQuantity,
} from './quantity.js';

const q = (s: string | number) => {
  const v = parseQuantity(s);
  if (!v) throw new Error(`bad quantity ${s}`);
  return v;
};

describe('Quantity', () => {
  it('prints the canonical form upstream serializes', () => {
    const cases: [string | number, string][] = [
      ['0.5', '500m'],
      ['500m', '500m'],
      ['1', '1'],
      ['1500', '1500'],
      ['2000', '2k'],
      ['1024Mi', '1Gi'],
      ['1536Mi', '1536Mi'],
      ['1000Mi', '1000Mi'],
      ['0.5Ki', '512'],
      ['1e3', '1e3'],
      ['1.5e3', '1500'],
      ['1E6', '1e6'],
      ['0', '0'],
      ['-1.5', '-1500m'],
      ['0.0000000001', '1n'],
      ['128974848', '128974848'],
      ['129e6', '129e6'],
      ['123Mi', '123Mi'],
      [2, '2'],
      [0.25, '250m'],
    ];
    for (const [input, want] of cases) expect(canonicalQuantity(input), String(input)).toBe(want);
  });

  it('rejects malformed quantities', () => {
    for (const bad of ['', 'abc', '1Kb', '1.2.3', 'Mi', '--1', '1 Gi', '1e'])
      expect(parseQuantity(bad), bad).toBeUndefined();
  });

  it('compares exactly across notations', () => {
    expect(compareQuantity(q('1Gi'), q('1024Mi'))).toBe(0);
    expect(compareQuantity(q('1G'), q('1Gi'))).toBe(-1);
    expect(compareQuantity(q('1500m'), q('1'))).toBe(1);
  });

  it('computes values and milli values rounded up', () => {
    expect(quantityValue(q('1500m'))).toBe(2n);
    expect(quantityMilliValue(q('0.0001'))).toBe(1n);
    expect(quantityMilliValue(q('1.5'))).toBe(1500n);
  });

  it('rounds resource lists up to milli precision', () => {
    expect(formatQuantity(roundUpQuantity(q('0.0001'), -3))).toBe('1m');
    expect(formatQuantity(roundUpQuantity(q('100m'), -3))).toBe('100m');
  });
});
