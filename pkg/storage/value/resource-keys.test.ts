import { describe, expect, it } from 'vitest';
import { identityTransformer } from './encrypt/identity/identity.js';
import { newResourceResolver, ResourceKeyTransformer } from './resource-keys.js';

describe('resource keys', () => {
  const resolve = newResourceResolver('/registry', [
    { group: '', resource: 'secrets' },
    { group: '', resource: 'services' },
    { group: '', resource: 'endpoints' },
    { group: '', resource: 'nodes' },
    { group: 'apps', resource: 'deployments' },
    { group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions' },
  ]);

  it.each([
    ['/registry/secrets/default/db', { group: '', resource: 'secrets' }],
    ['/registry/services/specs/default/web', { group: '', resource: 'services' }],
    ['/registry/services/endpoints/default/web', { group: '', resource: 'endpoints' }],
    ['/registry/minions/node-1', { group: '', resource: 'nodes' }],
    ['/registry/deployments/default/dep', { group: 'apps', resource: 'deployments' }],
    [
      '/registry/apiextensions.k8s.io/customresourcedefinitions/widgets.example.com',
      { group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions' },
    ],
  ])('%s belongs to its resource', (key, gr) => {
    expect(resolve(key)).toEqual(gr);
  });

  it('other keys belong to none', () => {
    expect(resolve('/registry/ipaddresses/10.96.0.1')).toBeUndefined();
    expect(resolve('/elsewhere/secrets/default/db')).toBeUndefined();
  });

  it('a transformer used before the resources are bound fails loudly', () => {
    const t = new ResourceKeyTransformer(() => identityTransformer, identityTransformer);
    expect(() => t.toStorage(new Uint8Array(), '/registry/secrets/a')).toThrow('no resources are bound yet');
  });
});
