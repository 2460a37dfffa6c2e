import { describe, expect, it } from 'vitest';
import type { EndpointSlice } from '../../../apis/discovery/v1/types.js';
import { ctxIn, newBackend, statusOf } from '../../generic/registry/testing/fixtures.js';
import { defaultUpdatedObjectInfo } from '../../rest/update.js';
import { newEndpointSliceStorage } from './storage.js';

const ns = ctxIn('default');

describe('endpointslices', () => {
  it('track generation over endpoints and labels, and keep addressType immutable', async () => {
    const store = newEndpointSliceStorage({ storage: newBackend().storage });
    const created = (await store.create(ns, {
      metadata: { name: 'web-abc' },
      addressType: 'IPv4',
      endpoints: [{ addresses: ['10.0.0.1'] }],
      ports: [{ port: 80 }],
    } as EndpointSlice)) as EndpointSlice;
    expect(created.metadata.generation).toBe(1);
    const annotated = (
      await store.update(
        ns,
        'web-abc',
        defaultUpdatedObjectInfo({ ...created, metadata: { ...created.metadata, annotations: { a: 'b' } } }),
      )
    ).object;
    expect(annotated.metadata.generation).toBe(1);
    const moved = (
      await store.update(
        ns,
        'web-abc',
        defaultUpdatedObjectInfo({ ...annotated, endpoints: [{ addresses: ['10.0.0.2'] }] }),
      )
    ).object;
    expect(moved.metadata.generation).toBe(2);
    const err = await statusOf(
      store.update(ns, 'web-abc', defaultUpdatedObjectInfo({ ...moved, addressType: 'IPv6', endpoints: [] })),
    );
    expect(err).toMatchObject({ code: 422 });
    expect(err.message).toContain('addressType: Invalid value: "IPv6": field is immutable');
  });
});
