import { describe, expect, it } from 'vitest';
import { newBackend } from '../registry/generic/registry/testing/fixtures.js';
import { newAllocator } from '../registry/core/service/ipallocator/allocator.js';
import { verbsOf } from '../registry/rest/rest.js';
import { newBuiltinAPIGroups } from './resources.js';

function groups() {
  const { storage } = newBackend();
  return newBuiltinAPIGroups({ storage }, { serviceIPs: newAllocator(storage, '10.96.0.0/12') }).groups;
}

describe('newBuiltinAPIGroups', () => {
  it('serves the core group first and the named groups in upstream order', () => {
    expect(groups().map((g) => g.group)).toEqual([
      '',
      'apps',
      'events.k8s.io',
      'batch',
      'networking.k8s.io',
      'policy',
      'rbac.authorization.k8s.io',
      'storage.k8s.io',
      'apiextensions.k8s.io',
      'scheduling.k8s.io',
      'coordination.k8s.io',
      'discovery.k8s.io',
    ]);
  });

  it('publishes upstream discovery facts', () => {
    const all = groups().flatMap((g) =>
      g.versions.flatMap((v) => v.resources.map((r) => ({ gv: `${g.group}/${v.version}`, ...r }))),
    );
    const find = (gv: string, resource: string) => all.find((r) => r.gv === gv && r.resource === resource);
    const pods = find('/v1', 'pods');
    expect(pods).toMatchObject({
      kind: 'Pod',
      singularName: 'pod',
      namespaced: true,
      shortNames: ['po'],
      categories: ['all'],
      storageVersionHash: 'xPOwRZ+Yhw8=',
    });
    expect(pods?.subresources?.map((s) => s.name)).toEqual(['status', 'binding']);
    expect(verbsOf(pods!.storage)).toEqual([
      'create',
      'delete',
      'deletecollection',
      'get',
      'list',
      'patch',
      'update',
      'watch',
    ]);
    expect(find('apps/v1', 'deployments')).toMatchObject({
      shortNames: ['deploy'],
      storageVersionHash: '8aSe+NMegvE=',
    });
    expect(find('apps/v1', 'deployments')?.subresources?.map((s) => [s.name, s.kind.kind])).toEqual([
      ['status', 'Deployment'],
      ['scale', 'Scale'],
    ]);
    expect(find('/v1', 'namespaces')?.subresources?.map((s) => s.name)).toEqual(['status', 'finalize']);
    expect(verbsOf(find('/v1', 'bindings')!.storage)).toEqual(['create']);
    expect(find('events.k8s.io/v1', 'events')?.storageVersionHash).toBe(find('/v1', 'events')?.storageVersionHash);
    expect(find('apiextensions.k8s.io/v1', 'customresourcedefinitions')).toMatchObject({
      namespaced: false,
      shortNames: ['crd', 'crds'],
    });
    const names = all.map((r) => `${r.gv} ${r.resource}`);
    expect(names).toContain('/v1 services');
    expect(names).toContain('batch/v1 cronjobs');
    expect(names).toContain('rbac.authorization.k8s.io/v1 clusterrolebindings');
    expect(all).toHaveLength(37);
  });
});
