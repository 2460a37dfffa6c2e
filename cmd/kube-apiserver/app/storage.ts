/**
 * The storage backend the apiserver runs on, chosen by --storage / --etcd-servers: the KV, the
 * object-level Storage every resource shares and its `storage` health check. (Periodic compaction
 * starts in a post-start hook of the kube-apiserver server, once it serves.)
 */
import path from 'node:path';
import * as klog from '../../../pkg/klog/klog.js';
import type { HealthChecker } from '../../../pkg/server/healthz/healthz.js';
import type { Storage } from '../../../pkg/storage/interfaces.js';
import type { KV } from '../../../pkg/storage/kv/types.js';
import { newKVFromConfig, type KVConfig } from '../../../pkg/storage/storagebackend/factory.js';
import { newStore } from '../../../pkg/storage/store.js';
import type { CompletedOptions } from './options/completion.js';

export interface StorageBackend {
  kv: KV;
  storage: Storage;
  /** Root of every object's key (--etcd-prefix, '/registry'). */
  keyRoot: string;
  healthCheck: HealthChecker;
}

export function kvConfigFor(opts: CompletedOptions): KVConfig {
  switch (opts.storageType) {
    case 'memory':
      return { type: 'memory' };
    case 'etcd':
      // --etcd-prefix is the root of the registry's keys (/registry/pods/…), as upstream lays them out in etcd.
      return { type: 'etcd', servers: opts.storage.etcdServers };
    case 'embedded':
      return { type: 'embedded', dataDir: path.join(opts.dataDir, 'store') };
  }
}

export async function newStorageBackend(opts: CompletedOptions): Promise<StorageBackend> {
  const config = kvConfigFor(opts);
  const kv = await newKVFromConfig(config);
  const description =
    config.type === 'memory'
      ? 'memory (lost on exit)'
      : config.type === 'etcd'
        ? `etcd ${config.servers.join(',')}`
        : `embedded ${config.dataDir}`;
  klog.info('Using storage', { storage: config.type, location: description });
  return {
    kv,
    storage: newStore(kv),
    keyRoot: opts.storage.etcdPrefix,
    healthCheck: {
      name: 'storage',
      // Reaching the backend at all is what matters; a hung backend fails within the bound.
      check: () => withTimeout(kv.currentRevision(), 2000, 'storage did not answer within 2s').then(() => undefined),
    },
  };
}

function withTimeout<T>(p: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}
