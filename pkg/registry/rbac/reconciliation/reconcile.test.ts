import { describe, expect, it } from 'vitest';
import type { ClusterRole, RoleBinding } from '../../../apis/rbac/v1/types.js';
import { reconcileRole, reconcileRoleBinding } from './reconcile.js';

const get = { verbs: ['get'], apiGroups: [''], resources: ['pods'] };
const list = { verbs: ['list'], apiGroups: [''], resources: ['pods'] };
const expected: ClusterRole = {
  metadata: { name: 'r', labels: { l: 'x' }, annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'true' } },
  rules: [get],
};

describe('reconcileRole', () => {
  it('creates a missing role', () => {
    expect(reconcileRole(undefined, expected)).toMatchObject({
      operation: 'Create',
      role: expected,
      missingRules: [get],
    });
  });

  it('adds missing rules and metadata, keeping extras (union)', () => {
    const existing: ClusterRole = { metadata: { name: 'r', labels: { l: 'mine' } }, rules: [list] };
    const result = reconcileRole(existing, expected);
    expect(result.operation).toBe('Update');
    expect(result.role.rules).toEqual([list, get]);
    expect(result.extraRules).toEqual([list]);
    expect(result.role.metadata?.labels).toEqual({ l: 'mine' });
    expect(result.role.metadata?.annotations).toEqual({ 'rbac.authorization.kubernetes.io/autoupdate': 'true' });
    expect(existing.rules).toEqual([list]);
  });

  it('replaces rules with removeExtraPermissions, and does nothing when equal', () => {
    const existing: ClusterRole = { metadata: structuredClone(expected.metadata), rules: [get, list] };
    expect(reconcileRole(existing, expected).operation).toBe('None');
    const result = reconcileRole(existing, expected, true);
    expect(result.operation).toBe('Update');
    expect(result.role.rules).toEqual([get]);
  });

  it('marks autoupdate=false roles protected', () => {
    const existing: ClusterRole = {
      metadata: { name: 'r', annotations: { 'rbac.authorization.kubernetes.io/autoupdate': 'false' } },
      rules: [],
    };
    expect(reconcileRole(existing, expected)).toMatchObject({ protected: true, operation: 'Update' });
  });

  it('reconciles aggregation selectors and ignores aggregated rules', () => {
    const sel = { matchLabels: { a: 'true' } };
    const want: ClusterRole = { metadata: {}, aggregationRule: { clusterRoleSelectors: [sel] }, rules: [] };
    const have: ClusterRole = { metadata: {}, aggregationRule: { clusterRoleSelectors: [] }, rules: [get] };
    const result = reconcileRole(have, want);
    expect(result.extraRules).toEqual([]);
    expect(result.role.aggregationRule).toEqual({ clusterRoleSelectors: [sel] });
    const dropped = reconcileRole(
      { metadata: {}, aggregationRule: { clusterRoleSelectors: [sel] } },
      { metadata: {}, rules: [] },
    );
    expect(dropped.operation).toBe('Update');
    expect(dropped.role.aggregationRule).toBeUndefined();
  });
});

describe('reconcileRoleBinding', () => {
  const want: RoleBinding = {
    metadata: { name: 'b' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'r' },
    subjects: [{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'g' }],
  };

  it('adds missing subjects, or replaces them with removeExtraSubjects', () => {
    const have: RoleBinding = {
      ...structuredClone(want),
      subjects: [{ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'u' }],
    };
    const union = reconcileRoleBinding(have, want);
    expect(union.operation).toBe('Update');
    expect(union.roleBinding.subjects?.map((s) => s.name)).toEqual(['u', 'g']);
    expect(reconcileRoleBinding(have, want, true).roleBinding.subjects).toEqual(want.subjects);
    expect(reconcileRoleBinding(structuredClone(want), want).operation).toBe('None');
  });

  it('recreates a binding whose roleRef changed', () => {
    const have: RoleBinding = {
      ...structuredClone(want),
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'old' },
    };
    expect(reconcileRoleBinding(have, want)).toMatchObject({ operation: 'Recreate', roleBinding: want });
    expect(reconcileRoleBinding(undefined, want).operation).toBe('Create');
  });
});
