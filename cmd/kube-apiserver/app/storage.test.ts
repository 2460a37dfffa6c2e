import { describe, expect, it } from 'vitest';
import type { APIGroupInfo } from '../../../pkg/registry/rest/catalog.js';
import { etcdRequestTimeoutMs, servedResources } from './storage.js';

describe('storage backend options', () => {
  it('bounds each etcd request below --request-timeout, so the store answers before the server times out', () => {
    expect(etcdRequestTimeoutMs(60_000)).toBe(15_000); // the default: etcd's own bound
    expect(etcdRequestTimeoutMs(4_000)).toBe(3_000);
    expect(etcdRequestTimeoutMs(1_000)).toBe(500);
    expect(etcdRequestTimeoutMs(0)).toBe(15_000); // --request-timeout=0: no server bound
  });

  it('lists served resources core group first, so it owns a key prefix it shares (events)', () => {
    const group = (name: string, resources: string[]): APIGroupInfo => ({
      group: name,
      versions: [
        {
          version: 'v1',
          resources: resources.map((resource) => ({
            resource,
            singularName: resource,
            kind: resource,
            namespaced: true,
            storage: {},
          })),
        },
      ],
    });
    expect(servedResources([group('events.k8s.io', ['events']), group('', ['events', 'secrets'])])).toEqual([
      { group: '', resource: 'events' },
      { group: '', resource: 'secrets' },
      { group: 'events.k8s.io', resource: 'events' },
    ]);
  });
});
