import { describe, expect, it } from 'vitest';
import { generateName } from './names.js';

describe('generateName', () => {
  it('appends five characters from the vowel-free alphabet', () => {
    for (let i = 0; i < 50; i++) expect(generateName('web-')).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it('cuts a long prefix so the name stays within 63 characters', () => {
    const name = generateName('x'.repeat(100));
    expect(name).toHaveLength(63);
    expect(name.startsWith('x'.repeat(58))).toBe(true);
  });

  it('uses the injected random source', () => {
    expect(generateName('p-', () => 0)).toBe('p-bbbbb');
  });
});
