import { describe, expect, it } from 'vitest';
import type { APIGroupVersionInfo } from '../../registry/rest/catalog.js';
import { APICatalog } from './catalog.js';
import { compareKubeAwareVersions } from './version.js';

const storage = { get: async () => ({ apiVersion: 'v1', kind: 'Thing', metadata: {} }) };
const version = (v: string, resource = 'things'): APIGroupVersionInfo => ({
  version: v,
  resources: [{ resource, singularName: 'thing', kind: 'Thing', namespaced: true, storage }],
});

describe('kube-aware version order', () => {
  it('puts GA before beta before alpha, higher first, and non-Kubernetes versions last', () => {
    const versions = ['foo10', 'v1alpha1', 'v2', 'v1beta2', 'v1', 'foo1', 'v11alpha2', 'v1beta1', 'v10', 'v3beta1'];
    expect(versions.sort(compareKubeAwareVersions)).toEqual([
      'v10',
      'v2',
      'v1',
      'v3beta1',
      'v1beta2',
      'v1beta1',
      'v11alpha2',
      'v1alpha1',
      'foo1',
      'foo10',
    ]);
  });
});

describe('APICatalog', () => {
  it('orders groups by priority then name, and a group’s versions by priority then version order', () => {
    const catalog = new APICatalog();
    catalog.set({
      group: 'b.example.com',
      version: version('v1beta1'),
      owner: 's',
      groupPriority: 1000,
      versionPriority: 100,
    });
    catalog.set({
      group: 'b.example.com',
      version: version('v1'),
      owner: 's',
      groupPriority: 1000,
      versionPriority: 100,
    });
    catalog.set({
      group: 'a.example.com',
      version: version('v1'),
      owner: 's',
      groupPriority: 1000,
      versionPriority: 100,
    });
    catalog.set({ group: 'apps', version: version('v1'), owner: 's', groupPriority: 17000, versionPriority: 15 });
    expect(catalog.groups().map((g) => [g.group, g.versions.map((v) => v.version)])).toEqual([
      ['apps', ['v1']],
      ['a.example.com', ['v1']],
      ['b.example.com', ['v1', 'v1beta1']],
    ]);
  });

  it('moves its revision, tells listeners, and serves lookups from the newest registration', () => {
    const catalog = new APICatalog();
    let calls = 0;
    const unsubscribe = catalog.onChange(() => calls++);
    catalog.set({ group: 'x.io', version: version('v1'), owner: 'one', groupPriority: 1, versionPriority: 1 });
    const first = catalog.revision;
    expect(catalog.lookup('x.io', 'v1')?.scopes.get('things')?.resource).toEqual({ group: 'x.io', resource: 'things' });
    catalog.set({
      group: 'x.io',
      version: version('v1', 'widgets'),
      owner: 'two',
      groupPriority: 1,
      versionPriority: 1,
    });
    expect(catalog.revision).toBeGreaterThan(first);
    expect(catalog.lookup('x.io', 'v1')?.owner).toBe('two');
    expect(catalog.lookup('x.io', 'v1')?.scopes.has('things')).toBe(false);
    expect(catalog.lookup('x.io', 'v1')?.scopes.has('widgets')).toBe(true);
    expect(catalog.remove('x.io', 'v1')).toBe(true);
    expect(catalog.remove('x.io', 'v1')).toBe(false);
    expect(catalog.lookup('x.io', 'v1')).toBeUndefined();
    expect(catalog.groups()).toEqual([]);
    expect(calls).toBe(3);
    unsubscribe();
    catalog.set({ group: 'x.io', version: version('v1'), owner: 'one', groupPriority: 1, versionPriority: 1 });
    expect(calls).toBe(3);
  });

  it('builds one scope per resource and subresource, with the subresource’s kind', () => {
    const catalog = new APICatalog();
    const kind = { group: 'autoscaling', version: 'v1', kind: 'Scale' };
    catalog.setGroup(
      {
        group: 'apps',
        versions: [
          {
            version: 'v1',
            resources: [
              {
                resource: 'deployments',
                singularName: 'deployment',
                kind: 'Deployment',
                namespaced: true,
                storage,
                subresources: [{ name: 'scale', kind, storage }],
              },
            ],
          },
        ],
      },
      'kube-apiserver',
      17800,
    );
    const scopes = catalog.lookup('apps', 'v1')?.scopes;
    expect(scopes?.get('deployments')?.kind).toEqual({ group: 'apps', version: 'v1', kind: 'Deployment' });
    expect(scopes?.get('deployments/scale')).toMatchObject({
      kind,
      subresource: 'scale',
      resourceKind: { group: 'apps', version: 'v1', kind: 'Deployment' },
    });
  });
});
