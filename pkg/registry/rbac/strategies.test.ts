import { describe, expect, it } from 'vitest';
import { ctxIn, newBackend, statusOf } from '../generic/registry/testing/fixtures.js';
import { defaultUpdatedObjectInfo } from '../rest/update.js';
import { newClusterRoleBindingStorage } from './clusterrolebinding/storage.js';
import { newClusterRoleStorage } from './clusterrole/storage.js';
import { newRoleBindingStorage } from './rolebinding/storage.js';
import { newRoleStorage } from './role/storage.js';

describe('rbac', () => {
  it('creates roles and cluster roles by PUT', async () => {
    const { storage } = newBackend();
    const roles = newRoleStorage({ storage });
    const r = await roles.update(
      ctxIn('default'),
      'reader',
      defaultUpdatedObjectInfo({
        metadata: { name: 'reader' },
        rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }],
      }),
    );
    expect(r).toMatchObject({ created: true, object: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role' } });
    const cr = await newClusterRoleStorage({ storage }).create(ctxIn(), {
      metadata: { name: 'view-all' },
      rules: [{ nonResourceURLs: ['/healthz'], verbs: ['get'] }],
    });
    expect(cr.metadata.namespace).toBeUndefined();
    const err = await statusOf(
      roles.create(ctxIn('default'), { metadata: { name: 'bad' }, rules: [{ resources: ['pods'], verbs: ['get'] }] }),
    );
    expect(err.message).toContain(
      'rules[0].apiGroups: Required value: resource rules must supply at least one api group',
    );
  });

  it('defaults subject apiGroups and keeps roleRef immutable', async () => {
    const { storage } = newBackend();
    const bindings = newRoleBindingStorage({ storage });
    const rb = await bindings.create(ctxIn('default'), {
      metadata: { name: 'read' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'reader' },
      subjects: [{ kind: 'User', name: 'jane' }],
    });
    expect(rb).toMatchObject({ subjects: [{ kind: 'User', name: 'jane', apiGroup: 'rbac.authorization.k8s.io' }] });
    const err = await statusOf(
      bindings.update(
        ctxIn('default'),
        'read',
        defaultUpdatedObjectInfo({
          ...rb,
          roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'writer' },
        }),
      ),
    );
    expect(err.message).toContain('roleRef: Invalid value:');
    expect(err.message).toContain('cannot change roleRef');
    const crb = await newClusterRoleBindingStorage({ storage }).create(ctxIn(), {
      metadata: { name: 'admins' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
      subjects: [{ kind: 'Group', name: 'admins' }],
    });
    expect(crb).toMatchObject({ kind: 'ClusterRoleBinding' });
  });
});
