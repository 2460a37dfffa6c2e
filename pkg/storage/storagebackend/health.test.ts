import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as klog from '../../klog/klog.js';
import { openDurableKV } from '../kv/durable.js';
import { newMemoryKV } from '../kv/memory.js';
import { FaultyLogFiles } from '../kv/testing/faulty-log-files.js';
import { bytes } from '../kv/testing/helpers.js';
import { newStorageHealthChecks } from './health.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
});

describe('storage health checks', () => {
  it('embedded store out of space: health passes, readiness fails naming the store, both recover', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hk-health-'));
    dirs.push(dir);
    const files = new FaultyLogFiles();
    const kv = await openDurableKV({ dataDir: dir, logFiles: files, spaceCheckIntervalMs: 20 });
    klog.configure({ write: () => {} });
    try {
      const checks = newStorageHealthChecks(kv, { description: `embedded store ${dir}` });
      await expect(checks.readiness()).resolves.toBeUndefined();
      files.fault = { code: 'ENOSPC' };
      await expect(kv.create('/a', bytes('1'))).rejects.toMatchObject({ code: 'NoSpace' });
      await expect(checks.health()).resolves.toBeUndefined();
      await expect(checks.readiness()).rejects.toThrow(
        `database space exceeded: writing the write-ahead log in ${dir}`,
      );
      files.fault = undefined;
      await expect.poll(() => checks.readiness().then(() => 'ready', String), { timeout: 3000 }).toBe('ready');
      await kv.close();
      await expect(checks.health()).rejects.toThrow('storage is closed');
    } finally {
      klog.configure({ write: (line) => process.stderr.write(line) });
      await kv.close();
    }
  });

  it('a store that does not answer fails the check within the timeout, naming it', async () => {
    const kv = newMemoryKV();
    const hung = { ...kv, checkHealth: () => new Promise<void>(() => {}) };
    const checks = newStorageHealthChecks(hung, { description: 'etcd at http://127.0.0.1:1', timeoutMs: 100 });
    const started = performance.now();
    await expect(checks.health()).rejects.toThrow('etcd at http://127.0.0.1:1 did not answer within 0.1s');
    expect(performance.now() - started).toBeLessThan(1000);
    await kv.close();
  });
});
