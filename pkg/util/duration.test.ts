import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.js';

describe('parseDuration', () => {
  it('reads Go duration strings', () => {
    expect(parseDuration('60s')).toBe(60_000);
    expect(parseDuration('1m30s')).toBe(90_000);
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('0')).toBe(0);
  });

  it('rejects malformed values with Go wording', () => {
    expect(() => parseDuration('10')).toThrow('time: invalid duration "10"');
    expect(() => parseDuration('abc')).toThrow('invalid duration');
    expect(() => parseDuration('')).toThrow('invalid duration');
    expect(() => parseDuration('5s garbage')).toThrow('invalid duration');
  });
});

describe('formatDuration', () => {
  it('prints like Go', () => {
    expect(formatDuration(90_000)).toBe('1m30s');
    expect(formatDuration(60_000)).toBe('1m0s');
    expect(formatDuration(3_600_000)).toBe('1h0m0s');
    expect(formatDuration(0)).toBe('0s');
    expect(formatDuration(250)).toBe('250ms');
  });
});
