import { describe, expect, it } from 'vitest';
import type { ClusterRole, RoleBinding } from '../../../apis/rbac/v1/types.js';
import { PolicyIndex } from '../../../authorization/rbac/policyindex.js';
import { RBACAuthorizer } from '../../../authorization/rbac/rbac.js';
import { StatusError } from '../../../api/errors/errors.js';
import { isOnlyMutatingGCFields } from './escalation_check.js';
import { checkBindingWrite, checkRoleWrite, type EscalationCheckContext } from './policybased.js';
import { compactRules } from './policy_compact.js';
import { breakdownRule, covers } from './policy_comparator.js';
import { compactString, confirmNoEscalation } from './rule.js';

const alice = { name: 'alice', groups: ['system:authenticated'] };

function setup(): EscalationCheckContext & { index: PolicyIndex } {
  const index = new PolicyIndex();
  index.upsert('ClusterRole', {
    metadata: { name: 'pods-rw' },
    rules: [
      { verbs: ['get', 'list', 'create'], apiGroups: [''], resources: ['pods', 'pods/log'] },
      { verbs: ['get'], nonResourceURLs: ['/logs/*'] },
    ],
  });
  index.upsert('ClusterRole', {
    metadata: { name: 'secrets' },
    rules: [{ verbs: ['get'], apiGroups: [''], resources: ['secrets'] }],
  });
  index.upsert('RoleBinding', {
    metadata: { name: 'alice', namespace: 'ns' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'pods-rw' },
    subjects: [{ kind: 'User', name: 'alice' }],
  });
  return { index, user: alice, authorizer: new RBACAuthorizer(index), resolver: index };
}

function forbidden(fn: () => void): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof StatusError && err.code === 403) return err.status.message ?? '';
    throw err;
  }
  throw new Error('expected a Forbidden error');
}

describe('covers', () => {
  it('breaks rules into atoms and finds what is missing', () => {
    expect(
      breakdownRule({ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'], resourceNames: ['a'] }),
    ).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['get'], resourceNames: ['a'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['list'], resourceNames: ['a'] },
    ]);
    const owner = [
      { verbs: ['get'], apiGroups: [''], resources: ['pods', '*/scale'] },
      { verbs: ['get'], nonResourceURLs: ['/apis/*'] },
    ];
    expect(
      covers(owner, [{ verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['x'] }]).covered,
    ).toBe(true);
    expect(covers(owner, [{ verbs: ['get'], apiGroups: [''], resources: ['deployments/scale'] }]).covered).toBe(true);
    expect(covers(owner, [{ verbs: ['get'], nonResourceURLs: ['/apis/apps'] }]).covered).toBe(true);
    expect(covers(owner, [{ verbs: ['get', 'delete'], apiGroups: [''], resources: ['pods'] }]).missing).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['delete'] },
    ]);
    // names on the owner do not cover a rule without names
    expect(
      covers(
        [{ verbs: ['get'], apiGroups: [''], resources: ['pods'], resourceNames: ['a'] }],
        [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }],
      ).covered,
    ).toBe(false);
  });

  it('compacts atoms of one group and resource', () => {
    const missing = [
      { apiGroups: [''], resources: ['pods'], verbs: ['get'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
      { apiGroups: [''], resources: ['pods'], verbs: ['get'], resourceNames: ['a'] },
    ];
    expect(compactRules(missing).map(compactString)).toEqual([
      '{APIGroups:[""], Resources:["pods"], ResourceNames:["a"], Verbs:["get"]}',
      '{APIGroups:[""], Resources:["pods"], Verbs:["get" "list"]}',
    ]);
  });
});

describe('confirmNoEscalation', () => {
  it('passes rules the user holds and words what is missing as upstream', () => {
    const ctx = setup();
    expect(
      confirmNoEscalation(ctx.resolver, alice, 'ns', [{ verbs: ['get'], apiGroups: [''], resources: ['pods/log'] }]),
    ).toBeUndefined();
    expect(
      confirmNoEscalation(ctx.resolver, alice, 'ns', [
        { verbs: ['get'], apiGroups: [''], resources: ['secrets', 'pods'] },
      ]),
    ).toBe(
      'user "alice" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["secrets"], Verbs:["get"]}',
    );
    // held only in ns, not elsewhere
    expect(
      confirmNoEscalation(ctx.resolver, alice, 'other', [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }]),
    ).toContain('not currently held');
  });

  it('appends resolution errors', () => {
    const ctx = setup();
    ctx.index.upsert('RoleBinding', {
      metadata: { name: 'broken', namespace: 'ns' },
      roleRef: { kind: 'Role', name: 'missing' },
      subjects: [{ kind: 'User', name: 'alice' }],
    });
    expect(
      confirmNoEscalation(ctx.resolver, alice, 'ns', [{ verbs: ['delete'], apiGroups: [''], resources: ['pods'] }]),
    ).toMatch(
      /\{APIGroups:\[""\], Resources:\["pods"\], Verbs:\["delete"\]\}; resolution errors: \[role.rbac.authorization.k8s.io "missing" not found\]$/,
    );
  });
});

describe('checkRoleWrite', () => {
  const role = (rules: ClusterRole['rules'], extra: Partial<ClusterRole> = {}): ClusterRole => ({
    metadata: { name: 'r', namespace: 'ns' },
    rules,
    ...extra,
  });

  it('refuses a role granting more than the writer holds', () => {
    const ctx = setup();
    const req = { resource: 'roles' as const, namespace: 'ns', name: '' };
    checkRoleWrite(ctx, req, role([{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }]));
    expect(
      forbidden(() => checkRoleWrite(ctx, req, role([{ verbs: ['get'], apiGroups: [''], resources: ['secrets'] }]))),
    ).toBe(
      'roles.rbac.authorization.k8s.io "r" is forbidden: user "alice" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:\n{APIGroups:[""], Resources:["secrets"], Verbs:["get"]}',
    );
  });

  it('lets system:masters and holders of escalate through', () => {
    const ctx = setup();
    const big = role([{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }]);
    checkRoleWrite(
      { ...ctx, user: { name: 'root', groups: ['system:masters'] } },
      { resource: 'roles', namespace: 'ns', name: '' },
      big,
    );
    ctx.index.upsert('ClusterRole', {
      metadata: { name: 'escalator' },
      rules: [{ verbs: ['escalate'], apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles'] }],
    });
    ctx.index.upsert('RoleBinding', {
      metadata: { name: 'esc', namespace: 'ns' },
      roleRef: { kind: 'ClusterRole', name: 'escalator' },
      subjects: [{ kind: 'User', name: 'alice' }],
    });
    checkRoleWrite(ctx, { resource: 'roles', namespace: 'ns', name: '' }, big);
    expect(() => checkRoleWrite(ctx, { resource: 'roles', namespace: 'other', name: '' }, big)).toThrow(
      'not currently held',
    );
  });

  it('needs everything to use or change an aggregationRule', () => {
    const ctx = setup();
    const req = { resource: 'clusterroles' as const, namespace: '', name: 'r' };
    const agg = role([], { aggregationRule: { clusterRoleSelectors: [{ matchLabels: { a: 'b' } }] } });
    expect(forbidden(() => checkRoleWrite(ctx, req, agg))).toBe(
      'clusterroles.rbac.authorization.k8s.io "r" is forbidden: must have cluster-admin privileges to use the aggregationRule',
    );
    // removing it from an aggregated role is checked against the old object
    expect(() => checkRoleWrite(ctx, req, role([]), agg)).toThrow('aggregationRule');
  });

  it('lets garbage-collector-only updates through', () => {
    const ctx = setup();
    const old = role([{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }]);
    const gcOnly = { ...old, metadata: { ...old.metadata, finalizers: ['x'], ownerReferences: [] } };
    checkRoleWrite(ctx, { resource: 'roles', namespace: 'ns', name: 'r' }, gcOnly, old);
    expect(isOnlyMutatingGCFields({ ...old, metadata: { ...old.metadata, labels: { a: 'b' } } }, old)).toBe(false);
    expect(isOnlyMutatingGCFields(old, undefined)).toBe(false);
  });
});

describe('checkBindingWrite', () => {
  const rb = (kind: string, name: string): RoleBinding => ({
    metadata: { name: 'b', namespace: 'ns' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind, name },
    subjects: [{ kind: 'User', name: 'bob' }],
  });

  it('allows binding a role whose rules the writer holds, refuses others', () => {
    const ctx = setup();
    checkBindingWrite(ctx, 'rolebindings', 'ns', rb('ClusterRole', 'pods-rw'));
    expect(forbidden(() => checkBindingWrite(ctx, 'rolebindings', 'ns', rb('ClusterRole', 'secrets')))).toContain(
      'rolebindings.rbac.authorization.k8s.io "b" is forbidden: user "alice"',
    );
    expect(forbidden(() => checkBindingWrite(ctx, 'rolebindings', 'ns', rb('ClusterRole', 'nope')))).toBe(
      'rolebindings.rbac.authorization.k8s.io "b" is forbidden: clusterrole.rbac.authorization.k8s.io "nope" not found',
    );
    expect(() => checkBindingWrite(ctx, 'clusterrolebindings', '', rb('ClusterRole', 'pods-rw'))).toThrow(
      'not currently held',
    );
  });

  it('lets holders of bind on that role through', () => {
    const ctx = setup();
    ctx.index.upsert('ClusterRole', {
      metadata: { name: 'binder' },
      rules: [
        {
          verbs: ['bind'],
          apiGroups: ['rbac.authorization.k8s.io'],
          resources: ['clusterroles'],
          resourceNames: ['secrets'],
        },
      ],
    });
    ctx.index.upsert('RoleBinding', {
      metadata: { name: 'binder', namespace: 'ns' },
      roleRef: { kind: 'ClusterRole', name: 'binder' },
      subjects: [{ kind: 'User', name: 'alice' }],
    });
    checkBindingWrite(ctx, 'rolebindings', 'ns', rb('ClusterRole', 'secrets'));
    expect(() => checkBindingWrite(ctx, 'rolebindings', 'ns', rb('Role', 'secrets'))).toThrow();
  });
});
