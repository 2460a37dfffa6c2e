import { describe, expect, it } from 'vitest';
import { StatusError } from '../../api/errors/errors.js';
import type { KubeObject } from '../../apis/meta/v1/types.js';
import { PolicyIndex } from '../../authorization/rbac/policyindex.js';
import { RBACAuthorizer } from '../../authorization/rbac/rbac.js';
import { newTokenReviewStorage } from '../authentication/tokenreview/rest.js';
import { type RESTStorage, isStatus } from '../rest/rest.js';
import { newInProcessContext } from '../../endpoints/request/context.js';
import { newLocalSubjectAccessReviewStorage } from './localsubjectaccessreview/rest.js';
import { newSubjectAccessReviewStorage } from './subjectaccessreview/rest.js';

const admin = { name: 'admin', groups: ['system:masters'] };

function rbac() {
  const index = new PolicyIndex();
  index.upsert('ClusterRole', {
    metadata: { name: 'reader' },
    rules: [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }],
  });
  index.upsert('RoleBinding', {
    metadata: { name: 'b', namespace: 'ns' },
    roleRef: { kind: 'ClusterRole', name: 'reader' },
    subjects: [{ kind: 'Group', name: 'devs' }],
  });
  index.upsert('ClusterRoleBinding', {
    metadata: { name: 'broken' },
    roleRef: { kind: 'ClusterRole', name: 'missing' },
    subjects: [{ kind: 'User', name: 'eve' }],
  });
  return new RBACAuthorizer(index);
}

async function create(storage: RESTStorage, obj: Partial<KubeObject>, namespace?: string): Promise<KubeObject> {
  if (!storage.create) throw new Error('no create');
  const ctx = newInProcessContext({ user: admin, ...(namespace ? { namespace } : {}) });
  const created = await storage.create(ctx, { metadata: {}, ...obj });
  if (isStatus(created)) throw new Error(`create answered a Status: ${created.message ?? ''}`);
  return created;
}

async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (err) {
    if (err instanceof StatusError) return `${err.code} ${err.status.message}`;
    throw err;
  }
  return 'ok';
}

describe('SubjectAccessReview', () => {
  const sar = newSubjectAccessReviewStorage(rbac());
  const review = (spec: Record<string, unknown>) => create(sar, { spec });

  it('answers for the user and groups in the spec', async () => {
    const spec = {
      user: 'bob',
      groups: ['devs'],
      resourceAttributes: { namespace: 'ns', verb: 'get', resource: 'pods' },
    };
    expect(await review(spec)).toEqual({
      kind: 'SubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      metadata: { creationTimestamp: null },
      spec,
      status: { allowed: true, reason: 'RBAC: allowed by RoleBinding "b/ns" of ClusterRole "reader" to Group "devs"' },
    });
    expect(
      (await review({ user: 'bob', resourceAttributes: { namespace: 'ns', verb: 'get', resource: 'pods' } })).status,
    ).toEqual({
      allowed: false,
    });
    expect((await review({ user: 'eve', nonResourceAttributes: { path: '/x', verb: 'get' } })).status).toEqual({
      allowed: false,
      reason: 'RBAC: clusterrole.rbac.authorization.k8s.io "missing" not found',
    });
  });

  it('validates the spec as upstream', async () => {
    expect(await failure(review({ resourceAttributes: { verb: 'get' } }))).toBe(
      '422 SubjectAccessReview.authorization.k8s.io "" is invalid: spec.user: Invalid value: "": at least one of user or group must be specified',
    );
    expect(await failure(review({ user: 'u' }))).toContain(
      'exactly one of nonResourceAttributes or resourceAttributes must be specified',
    );
    expect(await failure(review({ user: 'u', resourceAttributes: {}, nonResourceAttributes: {} }))).toContain(
      'cannot be specified in combination with resourceAttributes',
    );
    expect(
      await failure(create(sar, { metadata: { name: 'x' }, spec: { user: 'u', resourceAttributes: {} } })),
    ).toContain('metadata: Invalid value');
  });
});

describe('LocalSubjectAccessReview', () => {
  const lsar = newLocalSubjectAccessReviewStorage(rbac());

  it('answers within its namespace', async () => {
    const out = await create(
      lsar,
      { spec: { groups: ['devs'], resourceAttributes: { namespace: 'ns', verb: 'get', resource: 'pods' } } },
      'ns',
    );
    expect(out.metadata).toEqual({ namespace: 'ns', creationTimestamp: null });
    expect(out.status).toMatchObject({ allowed: true });
  });

  it('refuses other namespaces and non-resource requests', async () => {
    expect(
      await failure(
        create(lsar, { spec: { groups: ['devs'], resourceAttributes: { namespace: 'other', verb: 'get' } } }, 'ns'),
      ),
    ).toBe(
      '422 LocalSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes.namespace: Invalid value: "other": must match metadata.namespace',
    );
    expect(await failure(create(lsar, { spec: { user: 'u', nonResourceAttributes: { path: '/' } } }, 'ns'))).toContain(
      'spec.nonResourceAttributes: Invalid value: {"path":"/"}: disallowed on this kind of request',
    );
    expect(
      await failure(
        create(
          lsar,
          { metadata: { namespace: 'a' }, spec: { user: 'u', resourceAttributes: { namespace: 'a' } } },
          'ns',
        ),
      ),
    ).toBe('400 spec.resourceAttributes.namespace must match namespace: ns');
  });
});

describe('TokenReview', () => {
  const known = {
    user: { name: 'system:serviceaccount:ns:sa', uid: 'u1', groups: ['system:serviceaccounts'] },
    audiences: ['api'],
  };
  const storage = newTokenReviewStorage(
    async (token, audiences) => {
      if (token === 'bad') throw new Error('service account token has expired');
      if (token !== 'good') return undefined;
      return { ...known, audiences: known.audiences.filter((a) => audiences.includes(a)) };
    },
    ['api'],
  );

  it('reports the user of a good token, and the error of a bad one', async () => {
    expect((await create(storage, { spec: { token: 'good' } })).status).toEqual({
      authenticated: true,
      user: { username: 'system:serviceaccount:ns:sa', uid: 'u1', groups: ['system:serviceaccounts'] },
      audiences: ['api'],
    });
    expect((await create(storage, { spec: { token: 'bad' } })).status).toEqual({
      authenticated: false,
      error: 'service account token has expired',
    });
    expect((await create(storage, { spec: { token: 'unknown' } })).status).toEqual({ authenticated: false });
  });

  it('refuses empty tokens and namespaces', async () => {
    expect(await failure(create(storage, { spec: {} }))).toBe(
      '400 token is required for TokenReview in authentication',
    );
    expect(await failure(create(storage, { spec: { token: 'good' } }, 'ns'))).toBe(
      '400 namespace is not allowed on this type: ns',
    );
  });
});
