import { describe, expect, it } from 'vitest';
import { setDefaultsRoleBinding } from '../v1/defaults.js';
import { validateClusterRoleBinding, validateRole, validateRoleBindingUpdate } from './validation.js';

const msgs = (errs: readonly object[]) => errs.map(String);

describe('rbac validation', () => {
  it('requires verbs, api groups and resources in resource rules', () => {
    expect(msgs(validateRole({ metadata: { name: 'r', namespace: 'ns' }, rules: [{ verbs: [] }] }))).toEqual([
      'rules[0].verbs: Required value: verbs must contain at least one value',
      'rules[0].apiGroups: Required value: resource rules must supply at least one api group',
      'rules[0].resources: Required value: resource rules must supply at least one resource',
    ]);
  });

  it('refuses non-resource URLs in namespaced roles', () => {
    expect(
      msgs(
        validateRole({
          metadata: { name: 'r', namespace: 'ns' },
          rules: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }],
        }),
      ),
    ).toEqual([
      'rules[0].nonResourceURLs: Invalid value: ["/healthz"]: namespaced rules cannot apply to non-resource URLs',
    ]);
  });

  it('defaults subject API groups and requires service account namespaces in cluster bindings', () => {
    const crb = {
      metadata: { name: 'b' },
      roleRef: { kind: 'ClusterRole', name: 'view' },
      subjects: [
        { kind: 'User', name: 'alice' },
        { kind: 'ServiceAccount', name: 'sa' },
      ],
    };
    setDefaultsRoleBinding(crb);
    expect(msgs(validateClusterRoleBinding(crb))).toEqual(['subjects[1].namespace: Required value']);
  });

  it('keeps roleRef immutable', () => {
    const old = {
      metadata: { name: 'b', namespace: 'ns', resourceVersion: '1' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'a' },
    };
    const changed = { ...old, roleRef: { ...old.roleRef, name: 'b' } };
    expect(msgs(validateRoleBindingUpdate(changed, old))).toEqual([
      'roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"Role", Name:"b"}: cannot change roleRef',
    ]);
  });
});
