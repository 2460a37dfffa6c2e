/**
 * Storage end to end: acknowledged writes survive SIGKILL of the apiserver on the embedded store,
 * a data dir serves one process at a time, and several apiservers share one etcd.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { describeWithEtcd } from '../../pkg/storage/kv/testing/describe-with-etcd.js';
import { killAll, makeTempDir, removeTempDirs, runBundle, getFreePort } from './support/bundle.js';
import { startAPIServer } from './support/apiserver.js';

afterAll(async () => {
  await killAll();
  removeTempDirs();
});

const cm = (name: string, value: string) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name },
  data: { value },
});
const base = '/api/v1/namespaces/default/configmaps';

describe('embedded store', () => {
  it('keeps every acknowledged write across SIGKILL', async () => {
    const dataDir = makeTempDir();
    const first = await startAPIServer({ dataDir, storage: 'embedded' });
    const acknowledged: string[] = [];
    for (let i = 0; i < 50; i++) {
      const res = await first.request('POST', base, { body: cm(`durable-${i}`, String(i)) });
      expect(res.status).toBe(201);
      acknowledged.push(`durable-${i}`);
    }
    await first.proc.kill();
    const second = await startAPIServer({ dataDir, storage: 'embedded', port: first.port });
    try {
      const list = (await second.request('GET', base)).json as { items: Array<{ metadata: { name: string } }> };
      const names = new Set(list.items.map((i) => i.metadata.name));
      for (const name of acknowledged) expect(names.has(name), name).toBe(true);
    } finally {
      await second.stop();
    }
  });

  it('refuses a second apiserver on the same data dir with a clear error', async () => {
    const dataDir = makeTempDir();
    const first = await startAPIServer({ dataDir, storage: 'embedded' });
    try {
      const second = await runBundle(
        'kube-apiserver',
        ['--secure-port', String(await getFreePort()), '--bind-address', '127.0.0.1', '--data-dir', dataDir],
        { timeoutMs: 20_000 },
      );
      expect(second.code).toBe(1);
      expect(second.stderr).toMatch(/^error: .*in use by process \d+/m);
      expect(second.stderr).not.toMatch(/\n\s+at /);
    } finally {
      await first.stop();
    }
  });
});

describeWithEtcd('apiservers sharing etcd', (etcd) => {
  it('see each other’s writes, watches included', async () => {
    const a = await startAPIServer({ storage: 'etcd', etcdServers: etcd().endpoint });
    const b = await startAPIServer({ storage: 'etcd', etcdServers: etcd().endpoint });
    try {
      const listed = (await b.request('GET', base)).json as { metadata: { resourceVersion: string } };
      const watching = b.request(
        'GET',
        `${base}?watch=1&resourceVersion=${listed.metadata.resourceVersion}&timeoutSeconds=3`,
      );
      await new Promise((r) => setTimeout(r, 200));
      const created = await a.request('POST', base, { body: cm('shared', 'from-a') });
      expect(created.status).toBe(201);
      const read = await b.request('GET', `${base}/shared`);
      expect(read.json).toMatchObject({ data: { value: 'from-a' } });
      const rv = (created.json as { metadata: { resourceVersion: string } }).metadata.resourceVersion;
      expect((read.json as { metadata: { resourceVersion: string } }).metadata.resourceVersion).toBe(rv);
      const events = (await watching).text
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as { type: string; object: { metadata: { name: string } } });
      expect(events).toContainEqual(
        expect.objectContaining({
          type: 'ADDED',
          object: expect.objectContaining({ metadata: expect.objectContaining({ name: 'shared' }) }),
        }),
      );
      const stale = await b.request('PUT', `${base}/shared`, {
        body: { ...cm('shared', 'from-b'), metadata: { name: 'shared', resourceVersion: rv } },
      });
      expect(stale.status).toBe(200);
      const conflict = await a.request('PUT', `${base}/shared`, {
        body: { ...cm('shared', 'from-a-again'), metadata: { name: 'shared', resourceVersion: rv } },
      });
      expect(conflict.status).toBe(409);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
