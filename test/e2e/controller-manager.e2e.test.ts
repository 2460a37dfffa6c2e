/**
 * kube-controller-manager against the built bundles: inside `hyperkube server` (namespace
 * deletion, garbage collection, default ServiceAccounts and kube-root-ca.crt, events, leases,
 * the stop), and standalone with leader election (take-over after the leader dies, exit on a lost
 * lease, and an apiserver that is not ours to start).
 */
import { X509Certificate } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  credentialsFromKubeconfig,
  kubectlAvailable,
  startAPIServer,
  useAPIServer,
  type RunningAPIServer,
} from './support/apiserver.js';
import {
  getFreePort,
  killAll,
  makeTempDir,
  removeTempDirs,
  startBundle,
  type BundleProcess,
} from './support/bundle.js';

async function eventually<T>(check: () => Promise<T | undefined>, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const got = await check();
    if (got !== undefined) return got;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('hyperkube server', () => {
  const server = useAPIServer({ needsKubectl: true, controlPlane: true });
  async function k(args: string[], input?: string): Promise<string> {
    const res = await server().kubectl(args, input === undefined ? {} : { input });
    if (res.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${res.code}: ${res.stderr}`);
    return res.stdout;
  }
  async function exists(args: string[]): Promise<boolean> {
    return (await server().kubectl(['get', ...args])).code === 0;
  }
  async function uid(args: string[]): Promise<string> {
    return k(['get', ...args, '-o', 'jsonpath={.metadata.uid}']);
  }
  function configMapOwnedBy(name: string, namespace: string, owners: { name: string; uid: string; block?: boolean }[]) {
    return JSON.stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name,
        namespace,
        ownerReferences: owners.map((o) => ({
          apiVersion: 'v1',
          kind: 'ConfigMap',
          name: o.name,
          uid: o.uid,
          ...(o.block === undefined ? {} : { blockOwnerDeletion: o.block }),
        })),
      },
    });
  }

  it('holds the controller manager and scheduler leases, as their own users', async () => {
    const leases = await k(['get', 'lease', '-n', 'kube-system', '-o', 'name']);
    expect(leases).toContain('lease.coordination.k8s.io/kube-controller-manager');
    expect(leases).toContain('lease.coordination.k8s.io/kube-scheduler');
    const stderr = server().proc.stderr;
    expect(stderr).toMatch(/successfully acquired lease lock="kube-system\/kube-controller-manager"/);
    expect(stderr).toMatch(/successfully acquired lease lock="kube-system\/kube-scheduler"/);
    // Both reach the apiserver over loopback with the client certificates generated for them.
    for (const [file, cn] of [
      ['controller-manager.kubeconfig', 'system:kube-controller-manager'],
      ['scheduler.kubeconfig', 'system:kube-scheduler'],
    ] as const) {
      const creds = credentialsFromKubeconfig(path.join(server().dataDir, file));
      expect(new X509Certificate(creds.cert ?? '').subject).toBe(`CN=${cn}`);
      expect(creds.ca).toBe(server().admin.ca);
      const review = await server().request('POST', '/apis/authentication.k8s.io/v1/selfsubjectreviews', {
        credentials: creds,
        body: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview' },
      });
      expect(review.json).toMatchObject({ status: { userInfo: { username: cn } } });
    }
  });

  it('gives a new namespace its default ServiceAccount and kube-root-ca.crt', async () => {
    await k(['create', 'namespace', 'e2e-fresh']);
    await eventually(async () => ((await exists(['sa', 'default', '-n', 'e2e-fresh'])) ? true : undefined), 'the SA');
    await eventually(
      async () => ((await exists(['cm', 'kube-root-ca.crt', '-n', 'e2e-fresh'])) ? true : undefined),
      'kube-root-ca.crt',
    );
    const ca = await k(['get', 'cm', 'kube-root-ca.crt', '-n', 'e2e-fresh', '-o', "jsonpath={.data['ca\\.crt']}"]);
    expect(ca).toBe(server().admin.ca);
  });

  it('completes `kubectl delete ns` with objects inside', async () => {
    await k(['create', 'namespace', 'e2e-full']);
    await k(['create', 'configmap', 'a', '-n', 'e2e-full']);
    await k(['create', 'secret', 'generic', 's', '--from-literal=k=v', '-n', 'e2e-full']);
    await k(['create', 'serviceaccount', 'robot', '-n', 'e2e-full']);
    await k(['create', 'role', 'reader', '--verb=get', '--resource=pods', '-n', 'e2e-full']);
    const started = Date.now();
    expect(await k(['delete', 'ns', 'e2e-full', '--timeout=50s'])).toContain('namespace "e2e-full" deleted');
    expect(Date.now() - started).toBeGreaterThanOrEqual(4_000); // upstream's 5 s grace before the sweep
    expect(await exists(['ns', 'e2e-full'])).toBe(false);
  });

  it('deletes an owner’s dependents in the background (kubectl’s default cascade)', async () => {
    await k(['create', 'namespace', 'e2e-gc']).catch(() => '');
    await k(['create', 'configmap', 'bg-owner', '-n', 'e2e-gc']);
    const owner = await uid(['cm', 'bg-owner', '-n', 'e2e-gc']);
    await k(['create', '-f', '-'], configMapOwnedBy('bg-dep', 'e2e-gc', [{ name: 'bg-owner', uid: owner }]));
    await k(['delete', 'cm', 'bg-owner', '-n', 'e2e-gc']);
    await eventually(
      async () => ((await exists(['cm', 'bg-dep', '-n', 'e2e-gc'])) ? undefined : true),
      'the dependent',
    );
  });

  it('foreground deletion waits for the blocking dependents; orphan keeps them', async () => {
    await k(['create', 'namespace', 'e2e-gc2']);
    await k(['create', 'configmap', 'fg-owner', '-n', 'e2e-gc2']);
    const owner = await uid(['cm', 'fg-owner', '-n', 'e2e-gc2']);
    for (const n of ['fg-dep-1', 'fg-dep-2'])
      await k(['create', '-f', '-'], configMapOwnedBy(n, 'e2e-gc2', [{ name: 'fg-owner', uid: owner, block: true }]));
    // kubectl waits for the owner to be gone, which foreground deletion allows only after its dependents.
    await k(['delete', 'cm', 'fg-owner', '-n', 'e2e-gc2', '--cascade=foreground', '--timeout=30s']);
    expect(await exists(['cm', 'fg-dep-1', '-n', 'e2e-gc2'])).toBe(false);
    expect(await exists(['cm', 'fg-dep-2', '-n', 'e2e-gc2'])).toBe(false);

    await k(['create', 'configmap', 'or-owner', '-n', 'e2e-gc2']);
    const orphaner = await uid(['cm', 'or-owner', '-n', 'e2e-gc2']);
    await k(['create', '-f', '-'], configMapOwnedBy('or-dep', 'e2e-gc2', [{ name: 'or-owner', uid: orphaner }]));
    await k(['delete', 'cm', 'or-owner', '-n', 'e2e-gc2', '--cascade=orphan', '--timeout=30s']);
    expect(await exists(['cm', 'or-owner', '-n', 'e2e-gc2'])).toBe(false);
    const dep = JSON.parse(await k(['get', 'cm', 'or-dep', '-n', 'e2e-gc2', '-o', 'json']));
    expect(dep.metadata.ownerReferences).toBeUndefined();
  });

  it('cascades from a ReplicaSet to its Pods', async () => {
    await k(['create', 'namespace', 'e2e-rs']);
    const labels = { app: 'e2e-rs' };
    await k(
      ['create', '-f', '-'],
      JSON.stringify({
        apiVersion: 'apps/v1',
        kind: 'ReplicaSet',
        metadata: { name: 'web', namespace: 'e2e-rs' },
        spec: {
          replicas: 2,
          selector: { matchLabels: labels },
          template: { metadata: { labels }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
        },
      }),
    );
    const rs = await uid(['rs', 'web', '-n', 'e2e-rs']);
    for (const n of ['web-a', 'web-b']) {
      await k(
        ['create', '-f', '-'],
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name: n,
            namespace: 'e2e-rs',
            labels,
            ownerReferences: [
              {
                apiVersion: 'apps/v1',
                kind: 'ReplicaSet',
                name: 'web',
                uid: rs,
                controller: true,
                blockOwnerDeletion: true,
              },
            ],
          },
          spec: { containers: [{ name: 'c', image: 'nginx' }] },
        }),
      );
    }
    await k(['delete', 'rs', 'web', '-n', 'e2e-rs']);
    await eventually(
      async () => ((await k(['get', 'pods', '-n', 'e2e-rs', '-o', 'name'])) === '' ? true : undefined),
      'the pods to go',
    );
  });

  it('records upstream’s Warning event for an owner reference across namespaces (kubectl get events shows it)', async () => {
    await k(['create', 'namespace', 'e2e-ev-a']);
    await k(['create', 'namespace', 'e2e-ev-b']);
    await k(['create', 'configmap', 'owner', '-n', 'e2e-ev-b']);
    const owner = await uid(['cm', 'owner', '-n', 'e2e-ev-b']);
    await k(['create', '-f', '-'], configMapOwnedBy('crosser', 'e2e-ev-a', [{ name: 'owner', uid: owner }]));
    const events = await eventually(async () => {
      const out = await k([
        'get',
        'events',
        '-n',
        'e2e-ev-a',
        '--field-selector',
        'reason=OwnerRefInvalidNamespace',
        '-o',
        'json',
      ]);
      const items = JSON.parse(out).items as { message: string; source: { component: string } }[];
      return items.length > 0 ? items : undefined;
    }, 'the event');
    expect(events[0]?.message).toBe(
      `ownerRef [v1/ConfigMap, namespace: e2e-ev-a, name: owner, uid: ${owner}] does not exist in namespace "e2e-ev-a"`,
    );
    expect(events[0]?.source.component).toBe('garbage-collector-controller');
    // Its owner does not exist where it looks: the dependent is collected.
    await eventually(
      async () => ((await exists(['cm', 'crosser', '-n', 'e2e-ev-a'])) ? undefined : true),
      'collection',
    );
  });
});

describe('hyperkube server lifecycle', () => {
  afterAll(async () => {
    await killAll();
    removeTempDirs();
  });

  async function startServer(extra: string[] = []): Promise<BundleProcess> {
    const dataDir = makeTempDir();
    const proc = startBundle(
      'hyperkube',
      [
        'server',
        ...extra,
        '--secure-port',
        String(await getFreePort()),
        '--bind-address=127.0.0.1',
        '--storage=memory',
        `--data-dir=${dataDir}`,
      ],
      { env: { HOME: dataDir } },
    );
    await proc.waitForLine(/Started controller controller="garbage-collector-controller"/, { timeoutMs: 30_000 });
    await proc.waitForLine(/successfully acquired lease lock="kube-system\/kube-scheduler"/, { timeoutMs: 30_000 });
    return proc;
  }

  it('stops cleanly on SIGTERM: controller manager and scheduler first, then the apiserver, exit 0', async () => {
    const proc = await startServer();
    await proc.waitForLine(/All resource monitors have synced/, { timeoutMs: 30_000 });
    proc.signal('SIGTERM');
    const exit = await proc.waitForExit(30_000);
    expect(exit, exit.stderr.slice(-3000)).toMatchObject({ code: 0, signal: null });
    const kcmStop = exit.stderr.indexOf('Stopping kube-controller-manager');
    const schedStop = exit.stderr.indexOf('Stopping kube-scheduler');
    const apiStop = exit.stderr.indexOf('apiserver is exiting');
    expect(kcmStop).toBeGreaterThan(0);
    expect(schedStop).toBeGreaterThan(0);
    expect(apiStop).toBeGreaterThan(Math.max(kcmStop, schedStop));
    expect(exit.stderr).not.toMatch(/^E/m);
  });

  it('exits 1 at once on a second signal', async () => {
    // The apiserver's shutdown delay keeps the process stopping long enough for the second signal.
    const proc = await startServer(['--shutdown-delay-duration=30s']);
    proc.signal('SIGTERM');
    await proc.waitForLine(/ShutdownInitiated/, { timeoutMs: 20_000 });
    const sent = Date.now();
    proc.signal('SIGTERM');
    const exit = await proc.waitForExit(10_000);
    expect(exit.code).toBe(1);
    expect(Date.now() - sent).toBeLessThan(5_000);
    expect(exit.stderr).toContain('received second signal SIGTERM, exiting immediately');
  });

  it('refuses bad component flags before starting anything', async () => {
    const dataDir = makeTempDir();
    const proc = startBundle('hyperkube', [
      'server',
      `--data-dir=${dataDir}`,
      '--storage=memory',
      '--kube-controller-manager-arg=controllers=*,-nope',
    ]);
    const exit = await proc.waitForExit(20_000);
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain('error: "nope" is not in the list of known controllers\n');
    expect(exit.stderr).not.toContain('Serving securely');
  });
});

describe('standalone kube-controller-manager with leader election', () => {
  let api: RunningAPIServer;
  beforeAll(async () => {
    expect(kubectlAvailable()).toBe(true);
    api = await startAPIServer();
  }, 60_000);
  afterAll(async () => {
    await api?.stop();
    await killAll();
    removeTempDirs();
  });

  function startManager(extra: string[] = []): BundleProcess {
    return startBundle('kube-controller-manager', ['--kubeconfig', api.kubeconfig, ...extra]);
  }
  async function holder(): Promise<string> {
    const res = await api.kubectl([
      'get',
      'lease',
      'kube-controller-manager',
      '-n',
      'kube-system',
      '-o',
      'jsonpath={.spec.holderIdentity}',
    ]);
    return res.stdout;
  }

  it('a second manager takes over within 20 s when the leader is killed', async () => {
    const first = startManager();
    await first.waitForLine(/successfully acquired lease/, { timeoutMs: 30_000 });
    const leader = await holder();
    const second = startManager();
    await second.waitForLine(/attempting to acquire leader lease/, { timeoutMs: 20_000 });
    // The leader works: a new namespace gets its ServiceAccount.
    await api.kubectl(['create', 'namespace', 'le-one']);
    await eventually(
      async () => ((await api.kubectl(['get', 'sa', 'default', '-n', 'le-one'])).code === 0 ? true : undefined),
      'the SA',
    );
    expect(second.stderr).not.toMatch(/successfully acquired lease/);

    await first.kill();
    const killedAt = Date.now();
    await second.waitForLine(/successfully acquired lease/, { timeoutMs: 25_000 });
    expect(Date.now() - killedAt).toBeLessThan(20_000);
    expect(await holder()).not.toBe(leader);
    await api.kubectl(['create', 'namespace', 'le-two']);
    await eventually(
      async () => ((await api.kubectl(['get', 'sa', 'default', '-n', 'le-two'])).code === 0 ? true : undefined),
      'the SA from the new leader',
    );
    second.signal('SIGTERM');
    expect((await second.waitForExit(20_000)).code).toBe(0);
  }, 90_000);

  it('exits 1 with "leaderelection lost" when another holder takes the lease', async () => {
    const proc = startManager([
      '--leader-elect-lease-duration=4s',
      '--leader-elect-renew-deadline=3s',
      '--leader-elect-retry-period=1s',
      '--leader-elect-resource-name=short-lease',
    ]);
    await proc.waitForLine(/successfully acquired lease/, { timeoutMs: 30_000 });
    const now = new Date().toISOString().replace(/\.\d+Z$/, '.000000Z');
    const patched = await api.kubectl([
      'patch',
      'lease',
      'short-lease',
      '-n',
      'kube-system',
      '--type=merge',
      '-p',
      JSON.stringify({ spec: { holderIdentity: 'someone-else', renewTime: now, leaseDurationSeconds: 60 } }),
    ]);
    expect(patched.code, patched.stderr).toBe(0);
    const exit = await proc.waitForExit(20_000);
    expect(exit.code).toBe(1);
    expect(exit.stderr).toMatch(/^E.*leaderelection lost/m);
  }, 60_000);

  it('gives up as upstream when the apiserver does not answer', async () => {
    const dir = makeTempDir();
    const kubeconfig = path.join(dir, 'kubeconfig');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      kubeconfig,
      `apiVersion: v1\nkind: Config\nclusters: [{name: c, cluster: {server: "https://127.0.0.1:${await getFreePort()}"}}]\ncontexts: [{name: c, context: {cluster: c, user: u}}]\nusers: [{name: u, user: {token: t}}]\ncurrent-context: c\n`,
    );
    const proc = startBundle('kube-controller-manager', ['--kubeconfig', kubeconfig, '--leader-elect=false']);
    const exit = await proc.waitForExit(30_000);
    expect(exit.code).toBe(1);
    expect(exit.stderr).toMatch(
      /error: failed to wait for apiserver being healthy: timed out waiting for the condition/,
    );
  }, 40_000);
});
