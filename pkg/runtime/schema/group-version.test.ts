import { describe, expect, it } from 'vitest';
import { groupVersionString, parseGroupVersion } from './group-version.js';

describe('parseGroupVersion', () => {
  it('splits apiVersions as upstream', () => {
    expect(parseGroupVersion('apps/v1')).toEqual({ group: 'apps', version: 'v1' });
    expect(parseGroupVersion('v1')).toEqual({ group: '', version: 'v1' });
    expect(parseGroupVersion('')).toEqual({ group: '', version: '' });
  });

  it('rejects more than one slash with upstream wording', () => {
    expect(() => parseGroupVersion('a/b/c')).toThrow('unexpected GroupVersion string: a/b/c');
  });

  it('prints the core group without a slash', () => {
    expect(groupVersionString({ group: '', version: 'v1' })).toBe('v1');
    expect(groupVersionString({ group: 'batch', version: 'v1' })).toBe('batch/v1');
  });
});
