import { describe, expect, it } from 'vitest';
import { buildLastApplied } from './lastappliedupdater.js';
import { lastAppliedConfigAnnotation, lastAppliedOf, setLastApplied } from './lastapplied.js';

describe('the last-applied annotation', () => {
  it('is set beside the other annotations', () => {
    const obj = setLastApplied({ metadata: { name: 'a', annotations: { x: 'y' } } }, '{}\n');
    expect(obj.metadata?.annotations).toEqual({ x: 'y', [lastAppliedConfigAnnotation]: '{}\n' });
    expect(lastAppliedOf(obj)).toBe('{}\n');
  });

  it('is dropped when the annotations would exceed 256 KiB, as upstream', () => {
    const big = 'x'.repeat(256 * 1024);
    const obj = setLastApplied({ metadata: { name: 'a', annotations: { x: 'y' } } }, big);
    expect(obj.metadata?.annotations).toEqual({ x: 'y' });
    expect(lastAppliedOf(obj)).toBeUndefined();
  });

  it('is built from the applied configuration without itself, as Go encodes it', () => {
    const text = buildLastApplied({
      kind: 'ConfigMap',
      apiVersion: 'v1',
      metadata: { name: 'a', annotations: { [lastAppliedConfigAnnotation]: 'old', note: '<b>' } },
      data: { k: 'v' },
    });
    expect(text).toBe(
      '{"apiVersion":"v1","data":{"k":"v"},"kind":"ConfigMap","metadata":{"annotations":{"note":"\\u003cb\\u003e"},"name":"a"}}\n',
    );
  });
});
