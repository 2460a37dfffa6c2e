/**
 * The wire formats real clients need, with no kubectl flags: protobuf bodies from the typed client
 * (create generators, auth), OpenAPI v3 so create -f/apply/replace/edit validate server-side,
 * explain, self reviews, and strict field validation. The same suite runs with the default
 * kubectl (the dispatcher picks 1.33 from /version), with 1.31 (JSON bodies) and 1.33 explicitly,
 * to catch drift between client versions.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, realpathSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir } from './support/bundle.js';
import { useAPIServer } from './support/apiserver.js';

function versionedKubectl(minor: number): string {
  const dispatcher = execFileSync('sh', ['-c', 'command -v kubectl'], { encoding: 'utf8' }).trim();
  return path.join(path.dirname(realpathSync(dispatcher)), `kubectl.1.${minor}`);
}

const clients: Array<[string, () => string]> = [
  ['default kubectl', () => 'kubectl'],
  ['kubectl 1.31 (JSON bodies)', () => versionedKubectl(31)],
  ['kubectl 1.33', () => versionedKubectl(33)],
];

const server = useAPIServer({ needsKubectl: true });

describe.each(clients)('%s', (label, binary) => {
  const ns = `wire-${label.replace(/[^a-z0-9]+/g, '-').replace(/-+$/, '')}`;
  const k = async (args: string[], input?: string, env?: Record<string, string>): Promise<string> => {
    const res = await server().kubectl(args, {
      binary: binary(),
      ...(input === undefined ? {} : { input }),
      ...(env ? { env } : {}),
    });
    if (res.code !== 0) throw new Error(`${label}: kubectl ${args.join(' ')} exited ${res.code}: ${res.stderr}`);
    return res.stdout;
  };

  it('is installed', () => {
    expect(binary() === 'kubectl' || existsSync(binary())).toBe(true);
  });

  it('creates with the typed-client generators', async () => {
    expect(await k(['create', 'namespace', ns])).toContain(`namespace/${ns} created`);
    const n = ['-n', ns];
    expect(await k(['create', 'configmap', 'c', '--from-literal=a=1', ...n])).toContain('configmap/c created');
    expect(await k(['create', 'secret', 'generic', 's', '--from-literal=p=q', ...n])).toContain('secret/s created');
    expect(await k(['create', 'deployment', 'd', '--image=nginx:1.27', ...n])).toContain('deployment.apps/d created');
    expect(await k(['create', 'service', 'clusterip', 'svc', '--tcp=80:8080', ...n])).toContain('service/svc created');
    expect(await k(['create', 'serviceaccount', 'sa', ...n])).toContain('serviceaccount/sa created');
    expect(await k(['create', 'job', 'j', '--image=busybox', ...n])).toContain('job.batch/j created');
    expect(await k(['create', 'role', 'r', '--verb=get', '--resource=pods', ...n])).toContain(
      'role.rbac.authorization.k8s.io/r created',
    );
    expect(await k(['create', 'rolebinding', 'rb', '--role=r', '--user=alice', ...n])).toContain(
      'rolebinding.rbac.authorization.k8s.io/rb created',
    );
    const secret = JSON.parse(await k(['get', 'secret', 's', '-o', 'json', ...n])) as { data: { p: string } };
    expect(Buffer.from(secret.data.p, 'base64').toString()).toBe('q');
  });

  it('creates and applies a multi-document manifest, replaces and edits it', async () => {
    const manifest = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: m1\n  namespace: ${ns}\ndata:\n  x: "1"\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: m2\n  namespace: ${ns}\nspec:\n  selector:\n    matchLabels: {app: m2}\n  template:\n    metadata:\n      labels: {app: m2}\n    spec:\n      containers:\n      - name: main\n        image: nginx\n`;
    const created = await k(['create', '-f', '-'], manifest);
    expect(created).toContain('configmap/m1 created');
    expect(created).toContain('deployment.apps/m2 created');
    const applied = await k(['apply', '-f', '-'], manifest.replaceAll('m1', 'a1').replaceAll('m2', 'a2'));
    expect(applied).toContain('configmap/a1 created');
    expect(applied).toContain('deployment.apps/a2 created');
    const current = await k(['get', 'cm', 'm1', '-n', ns, '-o', 'yaml']);
    expect(await k(['replace', '-f', '-'], current.replace('x: "1"', 'x: "2"'))).toContain('configmap/m1 replaced');
    const editor = path.join(makeTempDir(), 'editor.sh');
    writeFileSync(editor, '#!/bin/sh\nsed -i \'s/x: "2"/x: "3"/\' "$1"\n');
    chmodSync(editor, 0o755);
    expect(await k(['edit', 'cm', 'm1', '-n', ns], undefined, { KUBE_EDITOR: editor, EDITOR: editor })).toContain(
      'configmap/m1 edited',
    );
    expect(JSON.parse(await k(['get', 'cm', 'm1', '-n', ns, '-o', 'json'])).data.x).toBe('3');
  });

  it('fails strict validation with the field path', async () => {
    const res = await server().kubectl(['create', '-f', '-'], {
      binary: binary(),
      input: `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: typo\n  namespace: ${ns}\ndatta:\n  x: "1"\n`,
    });
    expect(res.code).not.toBe(0);
    expect(res.stderr).toContain('unknown field "datta"');
  });

  it('explains types from the server’s OpenAPI', async () => {
    const out = await k(['explain', 'pods.spec.containers']);
    expect(out).toMatch(/FIELD:\s+containers/);
    expect(out).toContain('image');
    const recursive = await k(['explain', 'deployment', '--recursive']);
    expect(recursive).toContain('replicas');
  });

  it('answers whoami and can-i', async () => {
    const whoami = await k(['auth', 'whoami', '-o', 'json']);
    expect(JSON.parse(whoami)).toMatchObject({ status: { userInfo: { username: 'kubernetes-admin' } } });
    expect((await k(['auth', 'can-i', 'create', 'pods'])).trim()).toBe('yes');
  });
});
