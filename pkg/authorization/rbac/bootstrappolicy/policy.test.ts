import { describe, expect, it } from 'vitest';
import type { ClusterRole } from '../../../apis/rbac/v1/types.js';
import type { Attributes } from '../../authorizer/interfaces.js';
import { newAuthorizerForModes } from '../../modes/modes.js';
import { pendingAggregations } from '../clusterroleaggregation/aggregate.js';
import { PolicyIndex } from '../policyindex.js';
import { RBACAuthorizer } from '../rbac.js';
import { bootstrapPolicy } from './index.js';

/** The bootstrap policy loaded into an authorizer, aggregated roles filled in as the controller would. */
function bootstrapped() {
  const policy = bootstrapPolicy();
  const roles: ClusterRole[] = policy.clusterRoles.map((r) => structuredClone(r));
  // view aggregates into edit and edit into admin: apply updates until the controller would rest
  for (let round = 0; round < 5; round++) {
    const pending = pendingAggregations(roles);
    if (pending.length === 0) break;
    for (const { name, rules } of pending) {
      const role = roles.find((r) => r.metadata?.name === name);
      if (role) role.rules = rules;
    }
  }
  expect(pendingAggregations(roles)).toEqual([]);
  const index = new PolicyIndex();
  index.replace('ClusterRole', roles);
  index.replace('ClusterRoleBinding', policy.clusterRoleBindings);
  index.replace('Role', Object.values(policy.namespaceRoles).flat());
  index.replace('RoleBinding', Object.values(policy.namespaceRoleBindings).flat());
  const rbac = new RBACAuthorizer(index);
  return { policy, roles, index, authorizer: newAuthorizerForModes(['RBAC'], { rbac }).authorizer, rbac };
}

const anonymous = { name: 'system:anonymous', groups: ['system:unauthenticated'] };
const alice = { name: 'alice', groups: ['system:authenticated'] };

const path = (user: Attributes['user'], p: string): Attributes => ({
  user,
  verb: 'get',
  path: p,
  isResourceRequest: false,
});
const res = (
  user: Attributes['user'],
  verb: string,
  resource: string,
  extra: Partial<Attributes> = {},
): Attributes => ({
  user,
  verb,
  resource,
  apiGroup: '',
  namespace: 'default',
  isResourceRequest: true,
  ...extra,
});

describe('bootstrap policy', () => {
  it('carries the bootstrapping label and autoupdate annotation, with sorted rule lists', () => {
    const { policy } = bootstrapped();
    const all = [...policy.clusterRoles, ...policy.clusterRoleBindings];
    for (const obj of all) {
      expect(obj.metadata?.labels?.['kubernetes.io/bootstrapping']).toBe('rbac-defaults');
      expect(obj.metadata?.annotations?.['rbac.authorization.kubernetes.io/autoupdate']).toBe('true');
    }
    for (const role of policy.clusterRoles) {
      for (const rule of role.rules ?? []) expect(rule.verbs).toEqual([...(rule.verbs ?? [])].sort());
    }
    const admin = policy.clusterRoles.find((r) => r.metadata?.name === 'cluster-admin');
    expect(admin?.rules).toEqual([
      { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
      { verbs: ['*'], nonResourceURLs: ['*'] },
    ]);
    const masters = policy.clusterRoleBindings.find((b) => b.metadata?.name === 'cluster-admin');
    expect(masters?.subjects).toEqual([
      { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:masters' },
    ]);
    const names = policy.clusterRoles.map((r) => r.metadata?.name);
    expect(new Set(names).size).toBe(names.length);
  });

  it('gives system:masters everything through RBAC alone', () => {
    const { rbac } = bootstrapped();
    const root = { name: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] };
    expect(rbac.authorize(res(root, 'delete', 'nodes', { namespace: '' })).reason).toBe(
      'RBAC: allowed by ClusterRoleBinding "cluster-admin" of ClusterRole "cluster-admin" to Group "system:masters"',
    );
    expect(rbac.authorize(path(root, '/metrics')).decision).toBe('Allow');
  });

  it('lets anonymous read health and version only', () => {
    const { authorizer } = bootstrapped();
    for (const p of ['/healthz', '/livez', '/readyz', '/version', '/version/']) {
      expect(authorizer.authorize(path(anonymous, p)).decision, p).toBe('Allow');
    }
    for (const p of ['/api', '/apis/apps', '/openapi/v3', '/metrics', '/healthz/etcd']) {
      expect(authorizer.authorize(path(anonymous, p)).decision, p).toBe('NoOpinion');
    }
    expect(authorizer.authorize(res(anonymous, 'list', 'pods')).decision).toBe('NoOpinion');
    expect(
      authorizer.authorize(
        res(anonymous, 'create', 'selfsubjectaccessreviews', { apiGroup: 'authorization.k8s.io', namespace: '' }),
      ).decision,
    ).toBe('NoOpinion');
  });

  it('lets authenticated users discover the API and review themselves', () => {
    const { authorizer } = bootstrapped();
    for (const p of ['/api', '/apis/apps/v1', '/openapi/v2', '/version']) {
      expect(authorizer.authorize(path(alice, p)).decision, p).toBe('Allow');
    }
    for (const [group, resource] of [
      ['authorization.k8s.io', 'selfsubjectaccessreviews'],
      ['authorization.k8s.io', 'selfsubjectrulesreviews'],
      ['authentication.k8s.io', 'selfsubjectreviews'],
    ] as const) {
      expect(authorizer.authorize(res(alice, 'create', resource, { apiGroup: group, namespace: '' })).decision).toBe(
        'Allow',
      );
    }
    expect(authorizer.authorize(res(alice, 'list', 'pods')).decision).toBe('NoOpinion');
    const sa = {
      name: 'system:serviceaccount:default:app',
      groups: ['system:serviceaccounts', 'system:authenticated'],
    };
    expect(authorizer.authorize(path(sa, '/openid/v1/jwks')).decision).toBe('Allow');
  });

  it('aggregates view into edit into admin', () => {
    const { index, authorizer } = bootstrapped();
    const bind = (name: string, role: string) =>
      index.upsert('RoleBinding', {
        metadata: { name, namespace: 'default' },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
        subjects: [{ kind: 'User', name }],
      });
    bind('viewer', 'view');
    bind('editor', 'edit');
    bind('boss', 'admin');
    const who = (name: string) => ({ name, groups: ['system:authenticated'] });
    expect(authorizer.authorize(res(who('viewer'), 'list', 'pods')).decision).toBe('Allow');
    expect(authorizer.authorize(res(who('viewer'), 'get', 'pods', { subresource: 'log' })).decision).toBe('Allow');
    expect(authorizer.authorize(res(who('viewer'), 'get', 'secrets')).decision).toBe('NoOpinion');
    expect(authorizer.authorize(res(who('viewer'), 'create', 'pods')).decision).toBe('NoOpinion');
    expect(authorizer.authorize(res(who('editor'), 'create', 'deployments', { apiGroup: 'apps' })).decision).toBe(
      'Allow',
    );
    expect(authorizer.authorize(res(who('editor'), 'get', 'secrets')).decision).toBe('Allow');
    expect(authorizer.authorize(res(who('editor'), 'list', 'pods')).decision).toBe('Allow');
    expect(
      authorizer.authorize(res(who('editor'), 'create', 'roles', { apiGroup: 'rbac.authorization.k8s.io' })).decision,
    ).toBe('NoOpinion');
    expect(
      authorizer.authorize(res(who('boss'), 'create', 'roles', { apiGroup: 'rbac.authorization.k8s.io' })).decision,
    ).toBe('Allow');
    expect(
      authorizer.authorize(res(who('boss'), 'update', 'deployments', { apiGroup: 'apps', subresource: 'scale' }))
        .decision,
    ).toBe('Allow');
  });

  it('binds each controller role to its kube-system service account', () => {
    const { policy, authorizer } = bootstrapped();
    const controllerBindings = policy.clusterRoleBindings.filter((b) =>
      b.metadata?.name?.startsWith('system:controller:'),
    );
    expect(controllerBindings.length).toBeGreaterThan(25);
    for (const b of controllerBindings) {
      expect(b.subjects).toEqual([
        { kind: 'ServiceAccount', namespace: 'kube-system', name: b.metadata?.name?.slice(18) },
      ]);
      expect(policy.clusterRoles.some((r) => r.metadata?.name === b.roleRef?.name)).toBe(true);
    }
    const dc = { name: 'system:serviceaccount:kube-system:deployment-controller', groups: ['system:serviceaccounts'] };
    expect(
      authorizer.authorize(res(dc, 'update', 'deployments', { apiGroup: 'apps', subresource: 'status' })).decision,
    ).toBe('Allow');
    expect(authorizer.authorize(res(dc, 'delete', 'secrets')).decision).toBe('NoOpinion');
  });

  it('gives the scheduler and controller-manager users their roles', () => {
    const { authorizer } = bootstrapped();
    const scheduler = { name: 'system:kube-scheduler', groups: ['system:authenticated'] };
    expect(authorizer.authorize(res(scheduler, 'create', 'pods', { subresource: 'binding' })).decision).toBe('Allow');
    expect(
      authorizer.authorize(
        res(scheduler, 'update', 'leases', {
          apiGroup: 'coordination.k8s.io',
          namespace: 'kube-system',
          name: 'kube-scheduler',
        }),
      ).decision,
    ).toBe('Allow');
    expect(
      authorizer.authorize(
        res(scheduler, 'update', 'leases', {
          apiGroup: 'coordination.k8s.io',
          namespace: 'kube-system',
          name: 'other',
        }),
      ).decision,
    ).toBe('NoOpinion');
    const kcm = { name: 'system:kube-controller-manager', groups: ['system:authenticated'] };
    expect(authorizer.authorize(res(kcm, 'watch', 'widgets', { apiGroup: 'example.com' })).decision).toBe('Allow');
    expect(authorizer.authorize(res(kcm, 'create', 'serviceaccounts', { subresource: 'token' })).decision).toBe(
      'Allow',
    );
    expect(
      authorizer.authorize(
        res(kcm, 'get', 'configmaps', { namespace: 'kube-system', name: 'extension-apiserver-authentication' }),
      ).decision,
    ).toBe('Allow');
  });
});
