/** Self reviews over HTTP: whoami, can-i and the rules list answer for the authenticated caller. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { alwaysAllowAuthorizer } from '../../pkg/authorization/authorizer/interfaces.js';
import { newAuthenticationGroup } from '../../pkg/registry/authentication/rest/storage-authentication.js';
import { newAuthorizationGroup } from '../../pkg/registry/authorization/rest/storage-authorization.js';
import { newTestServer, type TestServer } from './support/generic-server.js';

let t: TestServer;

beforeAll(async () => {
  t = await newTestServer();
  t.server.installAPIGroups([newAuthenticationGroup()], { groupPriority: () => 1000 });
  t.server.installAPIGroups([newAuthorizationGroup(alwaysAllowAuthorizer)], { groupPriority: () => 1000 });
  t.start();
});
afterAll(() => t?.stop());

describe('self reviews', () => {
  it('SelfSubjectReview returns the caller (CN and O of the client certificate)', async () => {
    const res = await t.request('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({
      kind: 'SelfSubjectReview',
      status: { userInfo: { username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] } },
    });
  });

  it('SelfSubjectAccessReview is allowed, and rejects an empty spec with 422', async () => {
    const ok = await t.request('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      body: {
        kind: 'SelfSubjectAccessReview',
        apiVersion: 'authorization.k8s.io/v1',
        spec: { resourceAttributes: { verb: 'create', resource: 'pods', namespace: 'default' } },
      },
    });
    expect(ok.status).toBe(201);
    expect(ok.json).toMatchObject({ status: { allowed: true } });
    const bad = await t.request('POST', '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
      body: { spec: {} },
    });
    expect(bad.status).toBe(422);
    expect((bad.json as { message: string }).message).toContain(
      'exactly one of nonResourceAttributes or resourceAttributes must be specified',
    );
  });

  it('SelfSubjectRulesReview lists what the caller may do', async () => {
    const res = await t.request('POST', '/apis/authorization.k8s.io/v1/selfsubjectrulesreviews', {
      body: { spec: { namespace: 'default' } },
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ status: { incomplete: false, resourceRules: [{ verbs: ['*'] }] } });
  });

  it('serves only create: GET is 405', async () => {
    const res = await t.request('GET', '/apis/authentication.k8s.io/v1/selfsubjectreviews');
    expect(res.status).toBe(405);
    expect(res.json).toMatchObject({ reason: 'MethodNotAllowed' });
  });
});
