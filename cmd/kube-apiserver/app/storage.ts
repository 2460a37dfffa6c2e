/**
 * The storage backend the apiserver runs on, chosen by --storage / --etcd-servers: the KV, the
 * object-level Storage every resource shares and its health checks (`etcd`, `etcd-readiness`). (Periodic compaction
 * starts in a post-start hook of the kube-apiserver server, once it serves.)
 */
import path from 'node:path';
import * as klog from '../../../pkg/klog/klog.js';
import type { GroupResource } from '../../../pkg/apis/meta/v1/types.js';
import type { APIGroupInfo } from '../../../pkg/registry/rest/catalog.js';
import type { HealthChecker } from '../../../pkg/server/healthz/healthz.js';
import type { Storage } from '../../../pkg/storage/interfaces.js';
import type { KV } from '../../../pkg/storage/kv/types.js';
import { warnIfShared } from '../../../pkg/storage/kv/file-mode.js';
import { newKVFromConfig, type KVConfig } from '../../../pkg/storage/storagebackend/factory.js';
import { newStorageHealthChecks } from '../../../pkg/storage/storagebackend/health.js';
import { newStore } from '../../../pkg/storage/store.js';
import { loadEncryptionConfig } from '../../../pkg/storage/value/encryptionconfig/config.js';
import { ResourceKeyTransformer, newResourceResolver } from '../../../pkg/storage/value/resource-keys.js';
import { type CompletedOptions, storageType } from './options/completion.js';

export interface StorageBackend {
  kv: KV;
  storage: Storage;
  /** Root of every object's key (--etcd-prefix, '/registry'). */
  keyRoot: string;
  /** `etcd`: the store serves reads (upstream's name, for every backend as k3s does). */
  healthChecks: HealthChecker[];
  /** `etcd-readiness`: …and writes (no NOSPACE alarm, no failed log); /readyz only. */
  readyzChecks: HealthChecker[];
  /**
   * Tells storage which resources are served, so it knows whose keys are whose (which values
   * --encryption-provider-config encrypts). Call once the API groups exist, before serving.
   */
  bindResources(resources: readonly GroupResource[]): void;
}

/**
 * How long one etcd request may take: below --request-timeout, so a request to a hung etcd gets
 * the store's own 503 naming it before the server's generic 504; at most 15 s.
 */
export function etcdRequestTimeoutMs(requestTimeoutMs: number): number {
  if (requestTimeoutMs <= 0) return 15_000;
  return Math.min(15_000, Math.max(requestTimeoutMs - 1000, Math.floor(requestTimeoutMs / 2)));
}

export function kvConfigFor(opts: CompletedOptions, requestTimeoutMs: number): KVConfig {
  switch (storageType(opts)) {
    case 'memory':
      return { type: 'memory' };
    case 'etcd':
      // --etcd-prefix is the root of the registry's keys (/registry/pods/…), as upstream lays them out in etcd.
      return {
        type: 'etcd',
        servers: opts.etcd.etcdServers,
        requestTimeoutMs: etcdRequestTimeoutMs(requestTimeoutMs),
      };
    case 'embedded':
      return { type: 'embedded', dataDir: path.join(opts.dataDir, 'store') };
  }
}

export async function newStorageBackend(opts: CompletedOptions, requestTimeoutMs: number): Promise<StorageBackend> {
  const config = kvConfigFor(opts, requestTimeoutMs);
  const keyRoot = opts.etcd.etcdPrefix;
  // The encryption config first: a bad file fails the start before the store is opened.
  const file = opts.etcd.encryptionProviderConfig;
  const encryption = file === undefined ? undefined : await loadEncryptionConfig(file);
  // Keys of no served resource (allocations) follow `*.*` when it is configured.
  const transformer =
    encryption &&
    new ResourceKeyTransformer(
      (gr) => encryption.transformerForResource(gr),
      encryption.transformerForResource({ group: '*', resource: '*' }),
    );
  if (config.type === 'embedded') await warnIfShared(opts.dataDir, 'data directory');
  const kv = await newKVFromConfig(config);
  const description =
    config.type === 'memory'
      ? 'memory store'
      : config.type === 'etcd'
        ? `etcd at ${config.servers.join(',')}`
        : `embedded store ${config.dataDir}`;
  klog.info('Using storage', { storage: config.type, location: description, encryptionProviderConfig: file ?? '' });
  const checks = newStorageHealthChecks(kv, { description });
  return {
    kv,
    storage: newStore(kv, transformer ? { transformer } : {}),
    keyRoot,
    healthChecks: [{ name: 'etcd', check: checks.health }],
    readyzChecks: [{ name: 'etcd-readiness', check: checks.readiness }],
    bindResources: (resources) => transformer?.bind(newResourceResolver(keyRoot, resources)),
  };
}

/** Every resource the groups serve, core group first (it wins a key prefix shared with another group). */
export function servedResources(groups: readonly APIGroupInfo[]): GroupResource[] {
  const ordered = [...groups].sort((a, b) => Number(b.group === '') - Number(a.group === ''));
  return ordered.flatMap((g) =>
    g.versions.flatMap((v) => v.resources.map((r) => ({ group: g.group, resource: r.resource }))),
  );
}
