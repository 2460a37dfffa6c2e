import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bytes, text } from '../kv/testing/helpers.js';
import { describeWithEtcd } from '../kv/testing/describe-with-etcd.js';
import { newKVFromConfig } from './factory.js';

describe('newKVFromConfig', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('memory: a working KV that starts empty every time', async () => {
    const kv = await newKVFromConfig({ type: 'memory' });
    await kv.create('/a', bytes('1'));
    await kv.close();
    const again = await newKVFromConfig({ type: 'memory' });
    expect((await again.get('/a')).kv).toBeUndefined();
    await again.close();
  });

  it('embedded: durable in its data directory, which it creates', async () => {
    const root = await mkdtemp(path.join(os.tmpdir(), 'hk-factory-'));
    dirs.push(root);
    const dataDir = path.join(root, 'nested', 'store');
    const kv = await newKVFromConfig({ type: 'embedded', dataDir });
    await kv.create('/a', bytes('kept'));
    await kv.close();
    const again = await newKVFromConfig({ type: 'embedded', dataDir });
    expect(text((await again.get('/a')).kv!.value)).toBe('kept');
    await expect(newKVFromConfig({ type: 'embedded', dataDir })).rejects.toMatchObject({ code: 'DataDirInUse' });
    await again.close();
  });

  it('etcd: an unreachable cluster is a StorageError Unreachable', async () => {
    await expect(
      newKVFromConfig({ type: 'etcd', servers: ['http://127.0.0.1:1'], requestTimeoutMs: 1000 }),
    ).rejects.toMatchObject({ code: 'Unreachable' });
  });

  it('etcd: only http:// client URLs are accepted', async () => {
    await expect(newKVFromConfig({ type: 'etcd', servers: ['https://127.0.0.1:2379'] })).rejects.toThrow(
      'etcd: only http:// client URLs are supported, got https://127.0.0.1:2379',
    );
  });
});

describeWithEtcd('newKVFromConfig with etcd', (etcd) => {
  it('etcd: a KV on the cluster, under the prefix', async () => {
    const kv = await newKVFromConfig({ type: 'etcd', servers: [etcd().endpoint], prefix: '/factory' });
    const other = await newKVFromConfig({ type: 'etcd', servers: [etcd().endpoint] });
    try {
      await kv.create('/a', bytes('x'));
      expect((await other.get('/factory/a')).kv).toBeDefined();
    } finally {
      await Promise.all([kv.close(), other.close()]);
    }
  });
});
