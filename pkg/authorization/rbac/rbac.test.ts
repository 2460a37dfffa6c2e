import { describe, expect, it } from 'vitest';
import type { ClusterRole, Role, RoleBinding } from '../../apis/rbac/v1/types.js';
import type { Attributes } from '../authorizer/interfaces.js';
import { PolicyIndex } from './policyindex.js';
import { RBACAuthorizer } from './rbac.js';
import { ruleAllows } from './rule.js';

const alice = { name: 'alice', groups: ['system:authenticated'] };

function res(verb: string, resource: string, extra: Partial<Attributes> = {}): Attributes {
  return { user: alice, verb, resource, apiGroup: '', namespace: 'ns', isResourceRequest: true, ...extra };
}

function clusterRole(name: string, rules: ClusterRole['rules'], labels?: Record<string, string>): ClusterRole {
  return { metadata: labels ? { name, labels } : { name }, rules };
}

function role(namespace: string, name: string, rules: Role['rules']): Role {
  return { metadata: { name, namespace }, rules };
}

function binding(
  name: string,
  roleRef: { kind: string; name: string },
  subjects: RoleBinding['subjects'],
  namespace?: string,
): RoleBinding {
  return {
    metadata: namespace ? { name, namespace } : { name },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', ...roleRef },
    subjects,
  };
}

describe('ruleAllows', () => {
  it('matches verbs, groups, resources and names', () => {
    const rule = { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'], resourceNames: ['web'] };
    expect(ruleAllows(res('get', 'pods', { name: 'web' }), rule)).toBe(true);
    expect(ruleAllows(res('get', 'pods', { name: 'db' }), rule)).toBe(false);
    // list has no name: a rule restricted to names does not allow it
    expect(ruleAllows(res('list', 'pods'), rule)).toBe(false);
    expect(ruleAllows(res('delete', 'pods', { name: 'web' }), rule)).toBe(false);
    expect(ruleAllows(res('get', 'pods', { name: 'web', apiGroup: 'apps' }), rule)).toBe(false);
  });

  it('treats subresources as resource/subresource, and */sub as any resource', () => {
    const logs = { verbs: ['get'], apiGroups: [''], resources: ['pods/log'] };
    expect(ruleAllows(res('get', 'pods', { subresource: 'log' }), logs)).toBe(true);
    expect(ruleAllows(res('get', 'pods'), logs)).toBe(false);
    expect(ruleAllows(res('get', 'pods', { subresource: 'exec' }), logs)).toBe(false);
    const scale = { verbs: ['get'], apiGroups: ['*'], resources: ['*/scale'] };
    expect(ruleAllows(res('get', 'deployments', { apiGroup: 'apps', subresource: 'scale' }), scale)).toBe(true);
    expect(ruleAllows(res('get', 'deployments', { apiGroup: 'apps' }), scale)).toBe(false);
    expect(ruleAllows(res('get', 'deployments', { apiGroup: 'apps', subresource: 'status' }), scale)).toBe(false);
    const plain = { verbs: ['get'], apiGroups: [''], resources: ['pods'] };
    expect(ruleAllows(res('get', 'pods', { subresource: 'log' }), plain)).toBe(false);
  });

  it('honours wildcards', () => {
    const all = { verbs: ['*'], apiGroups: ['*'], resources: ['*'] };
    expect(ruleAllows(res('escalate', 'roles', { apiGroup: 'rbac.authorization.k8s.io', subresource: 'x' }), all)).toBe(
      true,
    );
  });

  it('matches non-resource URLs exactly or by a trailing *', () => {
    const rule = { verbs: ['get'], nonResourceURLs: ['/healthz', '/apis/*'] };
    const path = (p: string, verb = 'get'): Attributes => ({ user: alice, verb, path: p, isResourceRequest: false });
    expect(ruleAllows(path('/healthz'), rule)).toBe(true);
    expect(ruleAllows(path('/healthz/etcd'), rule)).toBe(false);
    expect(ruleAllows(path('/apis/apps/v1'), rule)).toBe(true);
    expect(ruleAllows(path('/apis'), rule)).toBe(false);
    expect(ruleAllows(path('/healthz', 'post'), rule)).toBe(false);
    // a resource rule never allows a path, nor a path rule a resource
    expect(ruleAllows(res('get', 'pods'), rule)).toBe(false);
  });
});

describe('RBACAuthorizer', () => {
  function setup() {
    const index = new PolicyIndex();
    index.upsert(
      'ClusterRole',
      clusterRole('pod-reader', [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }]),
    );
    index.upsert('Role', role('ns', 'cm-editor', [{ verbs: ['*'], apiGroups: [''], resources: ['configmaps'] }]));
    return { index, authz: new RBACAuthorizer(index) };
  }

  it('allows through a ClusterRoleBinding to a group, with upstream reason', () => {
    const { index, authz } = setup();
    expect(authz.authorize(res('list', 'pods'))).toEqual({ decision: 'NoOpinion', reason: '' });
    index.upsert(
      'ClusterRoleBinding',
      binding('readers', { kind: 'ClusterRole', name: 'pod-reader' }, [
        { kind: 'Group', name: 'system:authenticated' },
      ]),
    );
    expect(authz.authorize(res('list', 'pods'))).toEqual({
      decision: 'Allow',
      reason:
        'RBAC: allowed by ClusterRoleBinding "readers" of ClusterRole "pod-reader" to Group "system:authenticated"',
    });
    // cluster scope too
    expect(authz.authorize(res('list', 'pods', { namespace: '' })).decision).toBe('Allow');
    expect(authz.authorize(res('delete', 'pods')).decision).toBe('NoOpinion');
  });

  it('scopes RoleBindings to their namespace, for Roles and ClusterRoles', () => {
    const { index, authz } = setup();
    index.upsert(
      'RoleBinding',
      binding('b1', { kind: 'Role', name: 'cm-editor' }, [{ kind: 'User', name: 'alice' }], 'ns'),
    );
    index.upsert(
      'RoleBinding',
      binding('b2', { kind: 'ClusterRole', name: 'pod-reader' }, [{ kind: 'User', name: 'alice' }], 'ns'),
    );
    expect(authz.authorize(res('delete', 'configmaps')).reason).toBe(
      'RBAC: allowed by RoleBinding "b1/ns" of Role "cm-editor" to User "alice"',
    );
    expect(authz.authorize(res('get', 'pods')).decision).toBe('Allow');
    expect(authz.authorize(res('get', 'pods', { namespace: 'other' })).decision).toBe('NoOpinion');
    expect(authz.authorize(res('get', 'pods', { namespace: '' })).decision).toBe('NoOpinion');
  });

  it('binds service accounts, defaulting the namespace to the binding one', () => {
    const { index, authz } = setup();
    index.upsert(
      'RoleBinding',
      binding('sa', { kind: 'ClusterRole', name: 'pod-reader' }, [{ kind: 'ServiceAccount', name: 'robot' }], 'ns'),
    );
    const robot = { name: 'system:serviceaccount:ns:robot', groups: ['system:serviceaccounts'] };
    expect(authz.authorize(res('get', 'pods', { user: robot })).reason).toBe(
      'RBAC: allowed by RoleBinding "sa/ns" of ClusterRole "pod-reader" to ServiceAccount "robot/ns"',
    );
    const other = { name: 'system:serviceaccount:other:robot', groups: [] };
    expect(authz.authorize(res('get', 'pods', { user: other })).decision).toBe('NoOpinion');
    // a ClusterRoleBinding's service account needs its namespace
    index.upsert(
      'ClusterRoleBinding',
      binding('nons', { kind: 'ClusterRole', name: 'pod-reader' }, [{ kind: 'ServiceAccount', name: 'robot' }]),
    );
    expect(authz.authorize(res('get', 'pods', { user: other, namespace: 'other' })).decision).toBe('NoOpinion');
  });

  it('reports missing roles as the reason and in rule reviews', () => {
    const { index, authz } = setup();
    index.upsert(
      'ClusterRoleBinding',
      binding('dangling', { kind: 'ClusterRole', name: 'gone' }, [{ kind: 'User', name: 'alice' }]),
    );
    index.upsert(
      'RoleBinding',
      binding('dangling', { kind: 'Role', name: 'gone' }, [{ kind: 'User', name: 'alice' }], 'ns'),
    );
    expect(authz.authorize(res('get', 'secrets'))).toEqual({
      decision: 'NoOpinion',
      reason:
        'RBAC: [clusterrole.rbac.authorization.k8s.io "gone" not found, role.rbac.authorization.k8s.io "gone" not found]',
    });
    expect(authz.rulesFor(alice, 'ns').evaluationError).toBe(
      '[clusterrole.rbac.authorization.k8s.io "gone" not found, role.rbac.authorization.k8s.io "gone" not found]',
    );
  });

  it('sees changes at once: binding deletion, subject edits and role edits', () => {
    const { index, authz } = setup();
    const b = binding('b', { kind: 'ClusterRole', name: 'pod-reader' }, [{ kind: 'User', name: 'alice' }], 'ns');
    index.upsert('RoleBinding', b);
    expect(authz.authorize(res('get', 'pods')).decision).toBe('Allow');
    index.upsert('RoleBinding', { ...b, subjects: [{ kind: 'User', name: 'bob' }] });
    expect(authz.authorize(res('get', 'pods')).decision).toBe('NoOpinion');
    index.upsert('RoleBinding', b);
    index.upsert(
      'ClusterRole',
      clusterRole('pod-reader', [{ verbs: ['watch'], apiGroups: [''], resources: ['pods'] }]),
    );
    expect(authz.authorize(res('get', 'pods')).decision).toBe('NoOpinion');
    expect(authz.authorize(res('watch', 'pods')).decision).toBe('Allow');
    index.delete('RoleBinding', b);
    expect(authz.authorize(res('watch', 'pods')).decision).toBe('NoOpinion');
    index.replace('RoleBinding', [b]);
    expect(authz.authorize(res('watch', 'pods')).decision).toBe('Allow');
    index.replace('RoleBinding', []);
    expect(authz.authorize(res('watch', 'pods')).decision).toBe('NoOpinion');
  });

  it('lists rules for rule reviews, split into resource and non-resource rules', () => {
    const { index, authz } = setup();
    index.upsert(
      'ClusterRole',
      clusterRole('mixed', [
        { verbs: ['get'], nonResourceURLs: ['/healthz'] },
        { verbs: ['get'], apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['web'] },
      ]),
    );
    index.upsert(
      'ClusterRoleBinding',
      binding('m', { kind: 'ClusterRole', name: 'mixed' }, [{ kind: 'User', name: 'alice' }]),
    );
    index.upsert(
      'RoleBinding',
      binding('b1', { kind: 'Role', name: 'cm-editor' }, [{ kind: 'User', name: 'alice' }], 'ns'),
    );
    expect(authz.rulesFor(alice, 'ns')).toEqual({
      resourceRules: [
        { verbs: ['get'], apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['web'] },
        { verbs: ['*'], apiGroups: [''], resources: ['configmaps'] },
      ],
      nonResourceRules: [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }],
      incomplete: false,
    });
    expect(authz.rulesFor(alice, 'other').resourceRules).toHaveLength(1);
  });

  it('ignores unknown subject kinds and role kinds it cannot resolve', () => {
    const { index, authz } = setup();
    index.upsert(
      'ClusterRoleBinding',
      binding('odd', { kind: 'Widget', name: 'x' }, [{ kind: 'User', name: 'alice' }]),
    );
    index.upsert(
      'ClusterRoleBinding',
      binding('odd2', { kind: 'ClusterRole', name: 'pod-reader' }, [{ kind: 'Robot', name: 'alice' }]),
    );
    expect(authz.authorize(res('get', 'pods'))).toEqual({
      decision: 'NoOpinion',
      reason: 'RBAC: unsupported role reference kind: "Widget"',
    });
  });
});
