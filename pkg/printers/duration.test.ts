import { describe, expect, it } from 'vitest';
import { humanDuration, translateTimestampSince } from './duration.js';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe('humanDuration', () => {
  it('matches upstream HumanDuration at each precision step', () => {
    const cases: [number, string][] = [
      [-1500, '0s'],
      [-2 * s, '<invalid>'],
      [5 * s, '5s'],
      [119 * s, '119s'],
      [2 * m, '2m'],
      [3 * m + 20 * s, '3m20s'],
      [45 * m, '45m'],
      [179 * m, '179m'],
      [3 * h, '3h'],
      [5 * h + 10 * m, '5h10m'],
      [47 * h, '47h'],
      [2 * d, '2d'],
      [3 * d + 5 * h, '3d5h'],
      [8 * d, '8d'],
      [729 * d, '729d'],
      [2 * 365 * d, '2y'],
      [3 * 365 * d + 120 * d, '3y120d'],
      [9 * 365 * d, '9y'],
    ];
    for (const [ms, want] of cases) expect(humanDuration(ms), want).toBe(want);
  });

  it('prints <unknown> for missing timestamps', () => {
    expect(translateTimestampSince(undefined, new Date())).toBe('<unknown>');
    expect(translateTimestampSince('2024-01-01T00:00:00Z', new Date('2024-01-01T00:00:30Z'))).toBe('30s');
  });
});
