import { describe, expect, it } from 'vitest';
import { managerOrUserAgent, prefixFromUserAgent } from './manager-name.js';

describe('the manager a write is recorded under', () => {
  it('is the fieldManager parameter when given', () => {
    expect(managerOrUserAgent('my-controller', 'kubectl/v1.33.1 (linux/amd64) kubernetes/8adc0f0')).toBe(
      'my-controller',
    );
  });

  it('is the User-Agent’s product name otherwise', () => {
    expect(managerOrUserAgent(undefined, 'kubectl-client-side-apply/v1.33.1 (linux/amd64) kubernetes/8adc0f0')).toBe(
      'kubectl-client-side-apply',
    );
    expect(
      managerOrUserAgent(
        '',
        'kube-controller-manager/v1.33.0 (linux/amd64) kubernetes/60a317e/system:serviceaccount:kube-system:deployment-controller',
      ),
    ).toBe('kube-controller-manager');
    expect(managerOrUserAgent(undefined, undefined)).toBe('');
  });

  it('drops unprintable characters and stops at 128 bytes', () => {
    expect(prefixFromUserAgent('ab\tc\u0000d/1')).toBe('abcd');
    expect(prefixFromUserAgent('x'.repeat(200))).toHaveLength(128);
    expect(Buffer.byteLength(prefixFromUserAgent('é'.repeat(100)))).toBe(128);
  });
});
