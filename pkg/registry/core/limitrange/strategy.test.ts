import { describe, expect, it } from 'vitest';
import { ctxIn, newBackend, statusOf } from '../../generic/registry/testing/fixtures.js';
import { newLimitRangeStorage } from './storage.js';

const ns = ctxIn('default');

describe('limitranges', () => {
  it('default container requests from limits and check min ≤ max', async () => {
    const store = newLimitRangeStorage({ storage: newBackend().storage });
    const lr = await store.create(ns, {
      metadata: { name: 'l' },
      spec: { limits: [{ type: 'Container', max: { cpu: '2' } }] },
    });
    expect(lr).toMatchObject({
      spec: { limits: [{ type: 'Container', default: { cpu: '2' }, defaultRequest: { cpu: '2' } }] },
    });
    const err = await statusOf(
      store.create(ns, {
        metadata: { name: 'bad' },
        spec: { limits: [{ type: 'Container', min: { cpu: '2' }, max: { cpu: '1' } }] },
      }),
    );
    expect(err.message).toContain('spec.limits[0].min[cpu]: Invalid value: 2: min value 2 is greater than max value 1');
  });
});
