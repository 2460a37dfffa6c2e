/**
 * Everyday kubectl against the built apiserver bundle: discovery, get in every output, create,
 * describe, label/annotate, replace, watch, wait and delete — real kubectl, default version
 * (the dispatcher picks the one matching the server's /version), no flags beyond the kubeconfig.
 */
import { spawn } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import { useAPIServer } from './support/apiserver.js';

const server = useAPIServer({ needsKubectl: true, controlPlane: true });

async function k(args: string[], input?: string): Promise<string> {
  const res = await server().kubectl(args, input === undefined ? {} : { input });
  if (res.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${res.code}: ${res.stderr}`);
  return res.stdout;
}

async function kFails(args: string[]): Promise<string> {
  const res = await server().kubectl(args);
  expect(res.code, `kubectl ${args.join(' ')} should fail`).not.toBe(0);
  return res.stderr;
}

describe('discovery', () => {
  it('lists api-resources with short names and scopes like upstream', async () => {
    const out = await k(['api-resources', '--no-headers']);
    expect(out).toMatch(/^configmaps\s+cm\s+v1\s+true\s+ConfigMap$/m);
    expect(out).toMatch(/^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
    expect(out).toMatch(/^namespaces\s+ns\s+v1\s+false\s+Namespace$/m);
    expect(out).toMatch(
      /^customresourcedefinitions\s+crd,crds\s+apiextensions\.k8s\.io\/v1\s+false\s+CustomResourceDefinition$/m,
    );
  });

  it('lists api-versions', async () => {
    const out = await k(['api-versions']);
    for (const gv of [
      'v1',
      'apps/v1',
      'batch/v1',
      'rbac.authorization.k8s.io/v1',
      'apiextensions.k8s.io/v1',
      'coordination.k8s.io/v1',
    ]) {
      expect(out.split('\n')).toContain(gv);
    }
  });
});

describe('bootstrap', () => {
  it('has the system namespaces and the kubernetes service', async () => {
    const names = (await k(['get', 'ns', '-o', 'name'])).trim().split('\n');
    expect(names).toEqual(
      expect.arrayContaining([
        'namespace/default',
        'namespace/kube-system',
        'namespace/kube-public',
        'namespace/kube-node-lease',
      ]),
    );
    const svc = JSON.parse(await k(['get', 'svc', 'kubernetes', '-o', 'json'])) as {
      spec: { clusterIP: string; ports: Array<{ port: number }> };
    };
    expect(svc.spec.clusterIP).toBe('10.96.0.1');
    expect(svc.spec.ports[0]?.port).toBe(443);
  });
});

describe('create, get, describe', () => {
  beforeAll(async () => {
    await k(['create', 'namespace', 'e2e-create']);
  });

  it('creates configmaps, secrets, deployments, services and jobs with generators', async () => {
    const ns = ['-n', 'e2e-create'];
    expect(await k(['create', 'configmap', 'settings', '--from-literal=a=1', '--from-literal=b=2', ...ns])).toContain(
      'configmap/settings created',
    );
    expect(await k(['create', 'secret', 'generic', 'creds', '--from-literal=password=s3cret', ...ns])).toContain(
      'secret/creds created',
    );
    expect(await k(['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2', ...ns])).toContain(
      'deployment.apps/web created',
    );
    expect(await k(['create', 'service', 'clusterip', 'web', '--tcp=80:8080', ...ns])).toContain('service/web created');
    expect(await k(['create', 'job', 'once', '--image=busybox', ...ns])).toContain('job.batch/once created');
    const secret = JSON.parse(await k(['get', 'secret', 'creds', '-o', 'json', ...ns])) as {
      data: { password: string };
      type: string;
    };
    expect(Buffer.from(secret.data.password, 'base64').toString()).toBe('s3cret');
    expect(secret.type).toBe('Opaque');
  });

  it('defaults deployments and allocates service cluster IPs', async () => {
    const dep = JSON.parse(await k(['get', 'deploy', 'web', '-n', 'e2e-create', '-o', 'json'])) as {
      metadata: { generation: number };
      spec: {
        replicas: number;
        revisionHistoryLimit: number;
        progressDeadlineSeconds: number;
        strategy: { type: string };
        template: {
          spec: {
            restartPolicy: string;
            dnsPolicy: string;
            containers: Array<{ imagePullPolicy: string; terminationMessagePath: string }>;
          };
        };
      };
    };
    expect(dep.metadata.generation).toBe(1);
    expect(dep.spec).toMatchObject({
      replicas: 2,
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
      strategy: { type: 'RollingUpdate' },
    });
    expect(dep.spec.template.spec).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst' });
    expect(dep.spec.template.spec.containers[0]).toMatchObject({
      imagePullPolicy: 'IfNotPresent',
      terminationMessagePath: '/dev/termination-log',
    });
    const svc = JSON.parse(await k(['get', 'svc', 'web', '-n', 'e2e-create', '-o', 'json'])) as {
      spec: { clusterIP: string; type: string };
    };
    expect(svc.spec.type).toBe('ClusterIP');
    expect(svc.spec.clusterIP).toMatch(/^10\.(9[6-9]|10[0-9]|11[01])\.\d+\.\d+$/);
  });

  it('prints upstream table columns, wide, name, yaml and across namespaces', async () => {
    const table = await k(['get', 'deploy', '-n', 'e2e-create']);
    expect(table.split('\n')[0]).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE$/);
    const wide = await k(['get', 'deploy', '-n', 'e2e-create', '-o', 'wide']);
    expect(wide.split('\n')[0]).toMatch(/CONTAINERS\s+IMAGES\s+SELECTOR/);
    expect(wide).toContain('nginx:1.27');
    expect((await k(['get', 'cm', '-n', 'e2e-create', '-o', 'name'])).split('\n')).toContain('configmap/settings');
    expect(await k(['get', 'cm', 'settings', '-n', 'e2e-create', '-o', 'yaml'])).toMatch(/^kind: ConfigMap$/m);
    const all = await k(['get', 'cm', '-A']);
    expect(all.split('\n')[0]).toMatch(/^NAMESPACE\s+NAME\s+DATA\s+AGE$/);
    expect(all).toMatch(/^e2e-create\s+settings\s+2\s+/m);
    const svc = await k(['get', 'svc', '-n', 'e2e-create']);
    expect(svc.split('\n')[0]).toMatch(/^NAME\s+TYPE\s+CLUSTER-IP\s+EXTERNAL-IP\s+PORT\(S\)\s+AGE$/);
  });

  it('filters by labels and fields, and pages with --chunk-size', async () => {
    await k(['label', 'cm', 'settings', 'tier=backend', '-n', 'e2e-create']);
    expect(await k(['get', 'cm', '-n', 'e2e-create', '-l', 'tier=backend', '-o', 'name'])).toBe('configmap/settings\n');
    expect(await k(['get', 'cm', '-n', 'e2e-create', '-l', 'tier notin (backend)', '-o', 'name'])).not.toContain(
      'settings',
    );
    expect(
      await k([
        'get',
        'cm',
        '-A',
        '--field-selector',
        'metadata.namespace=e2e-create,metadata.name=settings',
        '-o',
        'name',
      ]),
    ).toBe('configmap/settings\n');
    for (let i = 0; i < 7; i++) await k(['create', 'configmap', `page-${i}`, '-n', 'e2e-create']);
    const paged = await k(['get', 'cm', '-n', 'e2e-create', '--chunk-size=2', '-o', 'name']);
    expect(
      paged
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('configmap/page-')),
    ).toHaveLength(7);
    expect(await kFails(['get', 'pods', '--field-selector', 'spec.bogus=1'])).toContain(
      'field label not supported: spec.bogus',
    );
  });

  it('annotates and describes', async () => {
    await k(['annotate', 'deploy', 'web', 'owner=team-a', '-n', 'e2e-create']);
    const described = await k(['describe', 'deploy', 'web', '-n', 'e2e-create']);
    expect(described).toMatch(/^Name:\s+web$/m);
    expect(described).toMatch(/owner: team-a/);
    expect(described).toMatch(/Replicas:\s+2 desired/);
  });

  it('creates from a multi-document YAML, and reports AlreadyExists for the second time', async () => {
    const manifest = [
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-file-a\ndata:\n  k: v',
      'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: from-file-sa',
    ].join('\n---\n');
    const out = await k(['create', '-n', 'e2e-create', '-f', '-'], manifest);
    expect(out).toContain('configmap/from-file-a created');
    expect(out).toContain('serviceaccount/from-file-sa created');
    const again = await server().kubectl(['create', '-n', 'e2e-create', '-f', '-'], { input: manifest });
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('configmaps "from-file-a" already exists');
  });

  it('replaces an object and rejects a stale one', async () => {
    const cm = JSON.parse(await k(['get', 'cm', 'from-file-a', '-n', 'e2e-create', '-o', 'json'])) as {
      data: Record<string, string>;
      metadata: { resourceVersion: string };
    };
    cm.data.k = 'replaced';
    expect(await k(['replace', '-f', '-'], JSON.stringify(cm))).toContain('configmap/from-file-a replaced');
    const stale = await server().kubectl(['replace', '-f', '-'], { input: JSON.stringify(cm) });
    expect(stale.code).not.toBe(0);
    expect(stale.stderr).toContain(
      'the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it('reports missing namespaces and objects as upstream does', async () => {
    expect(await kFails(['get', 'cm', 'nope', '-n', 'e2e-create'])).toContain(
      'Error from server (NotFound): configmaps "nope" not found',
    );
    expect(await kFails(['create', 'configmap', 'x', '-n', 'no-such-ns'])).toContain(
      'namespaces "no-such-ns" not found',
    );
  });
});

describe('watch, wait, delete', () => {
  beforeAll(async () => {
    await k(['create', 'namespace', 'e2e-watch']);
  });

  it('get -w sees ADDED, MODIFIED and DELETED made by another client', async () => {
    const watcher = spawn('kubectl', ['get', 'cm', '-n', 'e2e-watch', '-w', '--output-watch-events'], {
      env: { ...process.env, KUBECONFIG: server().kubeconfig, HOME: server().dataDir },
    });
    let out = '';
    watcher.stdout.on('data', (c: Buffer) => (out += c.toString()));
    try {
      // An empty namespace prints nothing: give kubectl time to list and open its watch.
      await new Promise((r) => setTimeout(r, 1500));
      await k(['create', 'configmap', 'watched', '-n', 'e2e-watch']);
      await k(['label', 'cm', 'watched', 'x=y', '-n', 'e2e-watch']);
      await k(['delete', 'cm', 'watched', '-n', 'e2e-watch']);
      await waitFor(() => /^DELETED\s+watched\s/m.test(out), 10_000);
      // Server-side printed rows (one-row Tables per event) under kubectl's EVENT column.
      expect(out).toMatch(/^EVENT\s+NAME\s+DATA\s+AGE$/m);
      expect(out).toMatch(/^ADDED\s+watched\s+0\s/m);
      expect(out).toMatch(/^MODIFIED\s+watched\s+0\s/m);
    } finally {
      watcher.kill();
    }
  });

  it('wait --for=delete returns when another client deletes', async () => {
    await k(['create', 'configmap', 'doomed', '-n', 'e2e-watch']);
    const waiting = server().kubectl(['wait', '--for=delete', 'cm/doomed', '-n', 'e2e-watch', '--timeout=20s']);
    await new Promise((r) => setTimeout(r, 500));
    await k(['delete', 'cm', 'doomed', '-n', 'e2e-watch', '--wait=false']);
    const res = await waiting;
    expect(res.code, res.stderr).toBe(0);
  });

  it('deletes a namespace with its contents: Terminating, then gone', async () => {
    await k(['create', 'namespace', 'e2e-doomed']);
    await k(['create', 'configmap', 'inside', '-n', 'e2e-doomed']);
    await k(['create', 'deployment', 'inside', '--image=nginx', '-n', 'e2e-doomed']);
    expect(await k(['delete', 'ns', 'e2e-doomed', '--timeout=50s'])).toContain('namespace "e2e-doomed" deleted');
    expect(await kFails(['get', 'ns', 'e2e-doomed'])).toContain('namespaces "e2e-doomed" not found');
    expect(await kFails(['get', 'cm', 'inside', '-n', 'e2e-doomed'])).toContain('not found');
  });
});

async function waitFor(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}
