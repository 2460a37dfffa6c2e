/**
 * Picks and opens a KV backend from configuration (upstream's storagebackend/factory): the one
 * place that knows the backends, so cmd/<component>/app maps its flags to a KVConfig and nothing
 * else imports a backend.
 *
 *   --storage=embedded (default)  → { type: 'embedded', dataDir }   durable, in-process (kv/durable.ts)
 *   --storage=memory              → { type: 'memory' }              lost on exit (kv/memory.ts)
 *   --etcd-servers=http://h:2379  → { type: 'etcd', servers, prefix } shared etcd v3 (kv/etcd.ts)
 */
import { openDurableKV } from '../kv/durable.js';
import { newMemoryKV } from '../kv/memory.js';
import type { KV } from '../kv/types.js';

export type KVConfig =
  | {
      type: 'embedded';
      /** Directory of the write-ahead log and snapshots; created if missing; one process at a time. */
      dataDir: string;
      /** Log bytes between snapshots (default 64 MiB): bounds restart time. */
      snapshotAfterBytes?: number;
    }
  | { type: 'memory' }
  | {
      type: 'etcd';
      /** Client URLs (http://host:2379); the first reachable one is used, the others on failure. */
      servers: string[];
      /** Prepended to every key, so several clusters can share one etcd (default: none). */
      prefix?: string;
      /** Per-request timeout in ms (default 15000); watches are not bounded. */
      requestTimeoutMs?: number;
    };

/**
 * Opens the configured backend. Throws DataDirInUseError / StorageError('Corrupt') for an
 * embedded data directory that is locked or damaged, StorageError('Unreachable') for an etcd
 * that does not answer.
 */
export async function newKVFromConfig(config: KVConfig): Promise<KV> {
  switch (config.type) {
    case 'memory':
      return newMemoryKV();
    case 'embedded':
      return openDurableKV({ dataDir: config.dataDir, snapshotAfterBytes: config.snapshotAfterBytes });
    case 'etcd':
      // Loaded on demand: the etcd client (and its HTTP library) costs start-up time the other backends never need.
      return (await import('../kv/etcd.js')).newEtcdKV({
        servers: config.servers,
        prefix: config.prefix,
        requestTimeoutMs: config.requestTimeoutMs,
      });
  }
}
