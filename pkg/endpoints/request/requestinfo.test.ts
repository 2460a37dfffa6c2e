import { describe, expect, it } from 'vitest';
import { isLongRunning, newRequestInfo } from './requestinfo.js';

const info = (method: string, url: string) => {
  const u = new URL(url, 'https://x');
  return newRequestInfo(method, u.pathname, u.searchParams);
};

describe('newRequestInfo', () => {
  it('parses a namespaced core resource with a subresource', () => {
    expect(info('PUT', '/api/v1/namespaces/default/pods/web/status')).toMatchObject({
      isResourceRequest: true,
      verb: 'update',
      apiGroup: '',
      apiVersion: 'v1',
      namespace: 'default',
      resource: 'pods',
      name: 'web',
      subresource: 'status',
    });
  });

  it('turns GET without a name into list, or watch with watch=true', () => {
    expect(info('GET', '/apis/apps/v1/deployments').verb).toBe('list');
    expect(info('GET', '/apis/apps/v1/namespaces/a/deployments?watch=1').verb).toBe('watch');
    expect(info('GET', '/apis/apps/v1/namespaces/a/deployments?watch=false').verb).toBe('list');
  });

  it('reads the legacy watch path', () => {
    expect(info('GET', '/api/v1/watch/namespaces/default/pods/p')).toMatchObject({
      verb: 'watch',
      namespace: 'default',
      resource: 'pods',
      name: 'p',
    });
  });

  it('turns DELETE without a name into deletecollection', () => {
    expect(info('DELETE', '/api/v1/namespaces/default/configmaps').verb).toBe('deletecollection');
  });

  it('treats a namespace itself and its status/finalize subresources', () => {
    expect(info('GET', '/api/v1/namespaces/kube-system')).toMatchObject({
      resource: 'namespaces',
      name: 'kube-system',
      namespace: 'kube-system',
    });
    expect(info('PUT', '/api/v1/namespaces/x/finalize')).toMatchObject({
      resource: 'namespaces',
      name: 'x',
      subresource: 'finalize',
    });
    expect(info('GET', '/api/v1/namespaces')).toMatchObject({ resource: 'namespaces', verb: 'list', namespace: '' });
  });

  it('leaves discovery and other paths as non-resource requests', () => {
    for (const p of ['/api', '/api/v1', '/apis', '/apis/apps', '/apis/apps/v1', '/healthz', '/openapi/v3']) {
      expect(info('GET', p).isResourceRequest).toBe(false);
    }
    expect(info('GET', '/healthz').verb).toBe('get');
  });

  it('marks watches and streaming subresources as long-running', () => {
    expect(isLongRunning(info('GET', '/api/v1/pods?watch=true'))).toBe(true);
    expect(isLongRunning(info('GET', '/api/v1/namespaces/a/pods/p/log'))).toBe(true);
    expect(isLongRunning(info('GET', '/api/v1/pods'))).toBe(false);
  });
});
