/**
 * Encryption at rest end to end (--encryption-provider-config): what etcd holds is ciphertext
 * behind upstream's `k8s:enc:<provider>:v1:<key>:` prefix for the configured resources (those
 * the registry keeps under special prefixes included) and plain JSON for the rest; clients see
 * plain objects; keys rotate; the embedded store's log never holds a Secret's value in the clear.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeWithEtcd } from '../../pkg/storage/kv/testing/describe-with-etcd.js';
import { getFreePort, killAll, makeTempDir, removeTempDirs, runBundle } from './support/bundle.js';
import { startAPIServer } from './support/apiserver.js';

afterAll(async () => {
  await killAll();
  removeTempDirs();
});

const key1 = Buffer.alloc(32, 7).toString('base64');
const key2 = Buffer.alloc(32, 9).toString('base64');
const password = Buffer.from('correct horse battery staple').toString('base64');

function writeConfig(dir: string, aescbcKeys: [string, string][]): string {
  const file = path.join(dir, 'encryption.yaml');
  const keys = aescbcKeys
    .map(([name, secret]) => `            - name: ${name}\n              secret: ${secret}\n`)
    .join('');
  writeFileSync(
    file,
    `apiVersion: apiserver.config.k8s.io/v1
kind: EncryptionConfiguration
resources:
  - resources:
      - secrets
      - nodes
      - services
      - endpoints
      - replicationcontrollers
      - customresourcedefinitions.apiextensions.k8s.io
    providers:
      - aescbc:
          keys:
${keys}      - identity: {}
  - resources: ["*.apps"]
    providers:
      - secretbox:
          keys:
            - name: box1
              secret: ${key1}
`,
  );
  return file;
}

/** Every key under /registry in etcd, with its raw value (read through etcd's JSON gateway). */
async function etcdContents(endpoint: string): Promise<Map<string, string>> {
  const b64 = (s: string) => Buffer.from(s).toString('base64');
  const res = await fetch(`${endpoint}/v3/kv/range`, {
    method: 'POST',
    body: JSON.stringify({ key: b64('/registry/'), range_end: b64('/registry0') }),
  });
  const json = (await res.json()) as { kvs?: { key: string; value?: string }[] };
  return new Map(
    (json.kvs ?? []).map((kv) => [
      Buffer.from(kv.key, 'base64').toString('latin1'),
      Buffer.from(kv.value ?? '', 'base64').toString('latin1'),
    ]),
  );
}

const objects = {
  secret: { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db' }, data: { password } },
  configmap: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'plain' }, data: { k: 'v' } },
  node: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'node-1' } },
  service: {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'web' },
    spec: { ports: [{ port: 80 }], selector: { app: 'web' } },
  },
  rc: {
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { name: 'rc' },
    spec: {
      selector: { app: 'rc' },
      template: { metadata: { labels: { app: 'rc' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
    },
  },
  deployment: {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'dep' },
    spec: {
      selector: { matchLabels: { app: 'dep' } },
      template: { metadata: { labels: { app: 'dep' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
    },
  },
  crd: {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'widgets.example.com' },
    spec: {
      group: 'example.com',
      names: { plural: 'widgets', singular: 'widget', kind: 'Widget' },
      scope: 'Namespaced',
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }],
    },
  },
};
const paths: Record<keyof typeof objects, string> = {
  secret: '/api/v1/namespaces/default/secrets',
  configmap: '/api/v1/namespaces/default/configmaps',
  node: '/api/v1/nodes',
  service: '/api/v1/namespaces/default/services',
  rc: '/api/v1/namespaces/default/replicationcontrollers',
  deployment: '/apis/apps/v1/namespaces/default/deployments',
  crd: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
};

describeWithEtcd('encryption at rest on etcd', (etcd) => {
  it('stores configured resources as ciphertext under upstream’s prefixes, serves them in the clear, and rotates keys', async () => {
    const dir = makeTempDir('hyperkube-encryption-');
    const config = writeConfig(dir, [['key1', key1]]);
    const args = ['--encryption-provider-config', config];
    let server = await startAPIServer({ storage: 'etcd', etcdServers: etcd().endpoint, args });
    try {
      for (const [kind, body] of Object.entries(objects)) {
        const res = await server.request('POST', paths[kind as keyof typeof objects], { body });
        expect(res.status, `${kind}: ${res.text}`).toBe(201);
      }
      const stored = await etcdContents(etcd().endpoint);
      const rawValue = (key: string) => stored.get(key) ?? `(no ${key} in etcd)`;
      for (const key of [
        '/registry/secrets/default/db',
        '/registry/minions/node-1',
        '/registry/services/specs/default/web',
        '/registry/controllers/default/rc',
        '/registry/apiextensions.k8s.io/customresourcedefinitions/widgets.example.com',
        '/registry/services/endpoints/default/kubernetes',
      ]) {
        expect(rawValue(key).slice(0, 23), key).toBe('k8s:enc:aescbc:v1:key1:');
      }
      expect(rawValue('/registry/deployments/default/dep').slice(0, 26)).toBe('k8s:enc:secretbox:v1:box1:');
      expect(rawValue('/registry/configmaps/default/plain')).toMatch(/^\{/);
      expect(rawValue('/registry/namespaces/default')).toMatch(/^\{/);
      expect([...stored.values()].some((v) => v.includes(password))).toBe(false);

      // Clients see plain objects.
      const secret = await server.kubectl(['get', 'secret', 'db', '-o', 'jsonpath={.data.password}']);
      expect(secret.stdout).toBe(password);
      await server.stop();

      // Rotation: a new first key writes; the old key still reads; a replace re-encrypts with the new one.
      writeConfig(dir, [
        ['key2', key2],
        ['key1', key1],
      ]);
      server = await startAPIServer({ storage: 'etcd', etcdServers: etcd().endpoint, args, dataDir: server.dataDir });
      const all = await server.kubectl(['get', 'secrets', '-A', '-o', 'json']);
      expect(all.code, all.stderr).toBe(0);
      // --validate=false: client-side schema validation is not what this test is about.
      const replaced = await server.kubectl(['replace', '--validate=false', '-f', '-'], { input: all.stdout });
      expect(replaced.code, replaced.stderr).toBe(0);
      const rotated = await etcdContents(etcd().endpoint);
      expect(rotated.get('/registry/secrets/default/db')?.slice(0, 23)).toBe('k8s:enc:aescbc:v1:key2:');
      expect((await server.kubectl(['get', 'secret', 'db', '-o', 'jsonpath={.data.password}'])).stdout).toBe(password);
    } finally {
      await server.stop();
    }
  }, 120_000);
});

describe('encryption at rest on the embedded store', () => {
  it('never writes a Secret’s value to the log in the clear', async () => {
    const dir = makeTempDir('hyperkube-encryption-');
    const config = writeConfig(dir, [['key1', key1]]);
    const server = await startAPIServer({ storage: 'embedded', args: ['--encryption-provider-config', config] });
    try {
      expect((await server.request('POST', paths.secret, { body: objects.secret })).status).toBe(201);
      expect((await server.request('POST', paths.configmap, { body: objects.configmap })).status).toBe(201);
    } finally {
      await server.stop();
    }
    const store = path.join(server.dataDir, 'store');
    const log = readdirSync(store)
      .filter((n) => n.endsWith('.log'))
      .map((n) => readFileSync(path.join(store, n), 'latin1'))
      .join('');
    expect(log).toContain('k8s:enc:aescbc:v1:key1:');
    expect(log).toContain('"name":"plain"'); // configmaps are not configured: stored as they are
    expect(log).not.toContain(password);
  });

  it('refuses to start with an invalid config, naming the problem', async () => {
    const dir = makeTempDir('hyperkube-encryption-');
    const config = writeConfig(dir, [['key1', Buffer.alloc(7).toString('base64')]]);
    const failed = await runBundle(
      'kube-apiserver',
      [
        '--secure-port',
        String(await getFreePort()),
        '--bind-address',
        '127.0.0.1',
        '--data-dir',
        makeTempDir(),
        '--encryption-provider-config',
        config,
      ],
      { timeoutMs: 20_000 },
    );
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(
      'error: error while parsing file: resources[0].providers[0].aescbc.keys[0].secret: Invalid value: "REDACTED": secret is not of the expected length, got 7, expected one of [16 24 32]',
    );
  });
});
