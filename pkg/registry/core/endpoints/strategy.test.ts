import { describe, expect, it } from 'vitest';
import { ctxIn, newBackend, statusOf } from '../../generic/registry/testing/fixtures.js';
import { newEndpointsStorage } from './storage.js';

const ns = ctxIn('default');

describe('endpoints', () => {
  it('default port protocols and validate addresses', async () => {
    const store = newEndpointsStorage({ storage: newBackend().storage });
    const ep = await store.create(ns, {
      metadata: { name: 'web' },
      subsets: [{ addresses: [{ ip: '10.0.0.1' }], ports: [{ port: 80 }] }],
    });
    expect(ep).toMatchObject({ subsets: [{ ports: [{ port: 80, protocol: 'TCP' }] }] });
    const err = await statusOf(
      store.create(ns, {
        metadata: { name: 'bad' },
        subsets: [{ addresses: [{ ip: 'nope' }], ports: [{ port: 80 }] }],
      }),
    );
    expect(err.message).toContain('subsets[0].addresses[0].ip: Invalid value: "nope": must be a valid IP address');
  });
});
