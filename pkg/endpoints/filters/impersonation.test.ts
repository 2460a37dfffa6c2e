import { describe, expect, it } from 'vitest';
import type { Attributes, Authorizer } from '../../authorization/authorizer/interfaces.js';
import { PolicyIndex } from '../../authorization/rbac/policyindex.js';
import { RBACAuthorizer } from '../../authorization/rbac/rbac.js';
import { impersonate } from './impersonation.js';

const alice = { name: 'alice', groups: ['system:authenticated'] };

/** alice may impersonate user bob, group devs, SAs in ns, uid 1234 and extra scopes=read. */
function authorizer(): Authorizer {
  const index = new PolicyIndex();
  index.upsert('ClusterRole', {
    metadata: { name: 'impersonator' },
    rules: [
      { verbs: ['impersonate'], apiGroups: [''], resources: ['users'], resourceNames: ['bob', 'system:anonymous'] },
      {
        verbs: ['impersonate'],
        apiGroups: [''],
        resources: ['groups'],
        resourceNames: ['devs', 'system:authenticated'],
      },
      { verbs: ['impersonate'], apiGroups: ['authentication.k8s.io'], resources: ['uids'], resourceNames: ['1234'] },
      {
        verbs: ['impersonate'],
        apiGroups: ['authentication.k8s.io'],
        resources: ['userextras/scopes'],
        resourceNames: ['read'],
      },
    ],
  });
  index.upsert('ClusterRoleBinding', {
    metadata: { name: 'alice' },
    roleRef: { kind: 'ClusterRole', name: 'impersonator' },
    subjects: [{ kind: 'User', name: 'alice' }],
  });
  index.upsert('ClusterRole', {
    metadata: { name: 'sa-impersonator' },
    rules: [{ verbs: ['impersonate'], apiGroups: [''], resources: ['serviceaccounts'] }],
  });
  index.upsert('RoleBinding', {
    metadata: { name: 'alice', namespace: 'ns' },
    roleRef: { kind: 'ClusterRole', name: 'sa-impersonator' },
    subjects: [{ kind: 'User', name: 'alice' }],
  });
  return new RBACAuthorizer(index);
}

describe('impersonate', () => {
  it('does nothing without impersonation headers', () => {
    expect(impersonate({ accept: ['*/*'] }, alice, authorizer())).toEqual({ kind: 'none' });
  });

  it('impersonates a user, adding system:authenticated', () => {
    expect(impersonate({ 'impersonate-user': ['bob'] }, alice, authorizer())).toEqual({
      kind: 'impersonated',
      user: { name: 'bob', groups: ['system:authenticated'] },
      headersToRemove: ['impersonate-user'],
    });
  });

  it('impersonates groups, uid and extras, each authorized separately', () => {
    const result = impersonate(
      {
        'impersonate-user': ['bob'],
        'impersonate-group': ['devs'],
        'impersonate-uid': ['1234'],
        'impersonate-extra-scopes': ['read'],
      },
      alice,
      authorizer(),
    );
    expect(result).toEqual({
      kind: 'impersonated',
      user: { name: 'bob', uid: '1234', groups: ['devs', 'system:authenticated'], extra: { scopes: ['read'] } },
      headersToRemove: ['impersonate-user', 'impersonate-group', 'impersonate-extra-scopes', 'impersonate-uid'],
    });
  });

  it('gives an impersonated service account its groups unless groups are given', () => {
    const sa = impersonate({ 'impersonate-user': ['system:serviceaccount:ns:robot'] }, alice, authorizer());
    expect(sa).toMatchObject({
      kind: 'impersonated',
      user: {
        name: 'system:serviceaccount:ns:robot',
        groups: ['system:serviceaccounts', 'system:serviceaccounts:ns', 'system:authenticated'],
      },
    });
    const other = impersonate({ 'impersonate-user': ['system:serviceaccount:other:robot'] }, alice, authorizer());
    expect(other.kind === 'forbidden' && other.error.status.message).toBe(
      'serviceaccounts "robot" is forbidden: User "alice" cannot impersonate resource "serviceaccounts" in API group "" in the namespace "other"',
    );
  });

  it('keeps anonymous unauthenticated', () => {
    expect(impersonate({ 'impersonate-user': ['system:anonymous'] }, alice, authorizer())).toMatchObject({
      user: { name: 'system:anonymous', groups: ['system:unauthenticated'] },
    });
  });

  it('refuses what the requestor may not impersonate, with upstream messages', () => {
    const denied = (headers: Record<string, string[]>) => {
      const r = impersonate(headers, alice, authorizer());
      if (r.kind !== 'forbidden') throw new Error(`expected forbidden, got ${r.kind}`);
      return r.error.status.message;
    };
    expect(denied({ 'impersonate-user': ['carol'] })).toBe(
      'users "carol" is forbidden: User "alice" cannot impersonate resource "users" in API group "" at the cluster scope',
    );
    expect(denied({ 'impersonate-user': ['bob'], 'impersonate-group': ['system:masters'] })).toBe(
      'groups "system:masters" is forbidden: User "alice" cannot impersonate resource "groups" in API group "" at the cluster scope',
    );
    expect(denied({ 'impersonate-user': ['bob'], 'impersonate-extra-scopes': ['write'] })).toBe(
      'userextras.authentication.k8s.io "write" is forbidden: User "alice" cannot impersonate resource "userextras/scopes" in API group "authentication.k8s.io" at the cluster scope',
    );
    expect(denied({ 'impersonate-user': ['bob'], 'impersonate-uid': ['9'] })).toBe(
      'uids.authentication.k8s.io "9" is forbidden: User "alice" cannot impersonate resource "uids" in API group "authentication.k8s.io" at the cluster scope',
    );
  });

  it('refuses groups without a user as upstream (a 500 with its message)', () => {
    expect(
      impersonate({ 'impersonate-group': ['devs'], 'impersonate-extra-a%2Fb': ['x'] }, alice, authorizer()),
    ).toEqual({
      kind: 'internalError',
      message:
        'requested [{Group  devs    } {UserExtra  x  authentication.k8s.io/v1  a/b}] without impersonating a user',
    });
  });

  it('asks the authorizer with the impersonated identity as the object', () => {
    const seen: Attributes[] = [];
    const recording: Authorizer = {
      authorize: (a) => {
        seen.push(a);
        return { decision: 'Allow', reason: '' };
      },
      rulesFor: () => ({ resourceRules: [], nonResourceRules: [], incomplete: false }),
    };
    impersonate({ 'impersonate-user': ['system:serviceaccount:ns:robot'] }, alice, recording);
    expect(seen).toEqual([
      {
        user: alice,
        verb: 'impersonate',
        apiGroup: '',
        apiVersion: '',
        namespace: 'ns',
        name: 'robot',
        resource: 'serviceaccounts',
        isResourceRequest: true,
      },
    ]);
  });
});
