import { describe, expect, it } from 'vitest';
import { forbiddenMessage, forbiddenStatusError } from './forbidden.js';

const user = { name: 'x', groups: [] };

describe('forbidden', () => {
  it('words namespaced, cluster-scoped and subresource requests as upstream', () => {
    expect(
      forbiddenMessage({ user, verb: 'list', resource: 'pods', apiGroup: '', namespace: 'y', isResourceRequest: true }),
    ).toBe('User "x" cannot list resource "pods" in API group "" in the namespace "y"');
    expect(forbiddenMessage({ user, verb: 'get', resource: 'nodes', apiGroup: '', isResourceRequest: true })).toBe(
      'User "x" cannot get resource "nodes" in API group "" at the cluster scope',
    );
    expect(
      forbiddenMessage({
        user,
        verb: 'update',
        resource: 'deployments',
        subresource: 'scale',
        apiGroup: 'apps',
        namespace: 'd',
        isResourceRequest: true,
      }),
    ).toBe('User "x" cannot update resource "deployments/scale" in API group "apps" in the namespace "d"');
  });

  it('builds the Status kubectl prints', () => {
    const err = forbiddenStatusError(
      { user, verb: 'get', resource: 'pods', apiGroup: '', namespace: 'y', name: 'web', isResourceRequest: true },
      '',
    );
    expect(err.status).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message: 'pods "web" is forbidden: User "x" cannot get resource "pods" in API group "" in the namespace "y"',
      reason: 'Forbidden',
      details: { name: 'web', kind: 'pods' },
      code: 403,
    });
    const grouped = forbiddenStatusError(
      { user, verb: 'list', resource: 'deployments', apiGroup: 'apps', isResourceRequest: true },
      'RBAC: clusterrole.rbac.authorization.k8s.io "x" not found',
    );
    expect(grouped.status.message).toBe(
      'deployments.apps is forbidden: User "x" cannot list resource "deployments" in API group "apps" at the cluster scope: RBAC: clusterrole.rbac.authorization.k8s.io "x" not found',
    );
    expect(grouped.status.details).toEqual({ group: 'apps', kind: 'deployments' });
  });

  it('words non-resource requests and escapes HTML', () => {
    const err = forbiddenStatusError({ user, verb: 'get', path: '/logs/<a>&', isResourceRequest: false }, '');
    expect(err.status.message).toBe('forbidden: User "x" cannot get path "/logs/&lt;a&gt;&amp;"');
    expect(err.status.details).toEqual({});
    expect(err.code).toBe(403);
  });
});
