/**
 * /openapi/v2 with real clients: kubectl 1.27 and 1.28 read it (as gnostic protobuf) for apply,
 * diff and explain; every kubectl reads it to validate a `kind: List` file and to say
 * `no matches for kind` for a version the server does not serve.
 */
import { execFileSync } from 'node:child_process';
import { realpathSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useAPIServer } from './support/apiserver.js';

function versionedKubectl(minor: number): string {
  const dispatcher = execFileSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).trim();
  return path.join(path.dirname(realpathSync(dispatcher)), `kubectl.1.${minor}`);
}

const server = useAPIServer({ needsKubectl: true });

const list = (ns: string, value: string) => `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: first, namespace: ${ns}}
  data: {value: "${value}"}
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: second, namespace: ${ns}}
`;

async function k(args: string[], opts: { binary?: string; input?: string } = {}) {
  return server().kubectl(args, opts);
}

describe('/openapi/v2', () => {
  it('is served as JSON and as the protobuf client-go asks for', async () => {
    const json = await server().request('GET', '/openapi/v2');
    expect(json.status).toBe(200);
    expect(json.json).toMatchObject({ swagger: '2.0', info: { title: 'Kubernetes' } });
    const proto = await server().request('GET', '/openapi/v2', {
      headers: { accept: 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf' },
    });
    expect(proto.headers['content-type']).toBe('application/com.github.proto-openapi.spec.v2.v1.0+protobuf');
    expect(proto.headers.etag).toBe(json.headers.etag);
  });

  it('lets the default kubectl apply a kind: List file, and reports an unserved version as upstream', async () => {
    await k(['create', 'namespace', 'v2-list']);
    const applied = await k(['apply', '-f', '-'], { input: list('v2-list', '1') });
    expect(applied.stderr).toBe('');
    expect(applied.stdout).toContain('configmap/first created');
    expect(applied.stdout).toContain('configmap/second created');
    const bad = await k(['apply', '-f', '-'], {
      input: 'apiVersion: apps/v9\nkind: Deployment\nmetadata: {name: x}\n',
    });
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('no matches for kind "Deployment" in version "apps/v9"');
  });

  for (const minor of [27, 28]) {
    it(`serves kubectl 1.${minor}: apply, diff and explain`, async () => {
      const binary = versionedKubectl(minor);
      const ns = `v2-kubectl-${minor}`;
      await k(['create', 'namespace', ns]);
      const created = await k(['apply', '-f', '-'], { binary, input: list(ns, '1') });
      expect(created.stderr).toBe('');
      expect(created.stdout).toContain('configmap/first created');
      const diff = await k(['diff', '-f', '-'], { binary, input: list(ns, '2') });
      // kubectl diff exits 1 when there are differences.
      expect(diff.code).toBe(1);
      expect(diff.stdout).toContain('+  value: "2"');
      const configured = await k(['apply', '-f', '-'], { binary, input: list(ns, '2') });
      expect(configured.stdout).toContain('configmap/first configured');
      expect(configured.stdout).toContain('configmap/second unchanged');
      const explained = await k(['explain', 'deployment.spec.replicas'], { binary });
      expect(explained.code).toBe(0);
      expect(explained.stdout).toMatch(/KIND:\s+Deployment/);
      expect(explained.stdout).toMatch(/replicas\s+<integer>/);
    });
  }
});
