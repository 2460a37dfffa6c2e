/**
 * The storage health checks (upstream's storagebackend/factory CreateHealthCheck and
 * CreateReadyCheck), for every backend: the apiserver installs them as `etcd` (/healthz, /livez,
 * /readyz) and `etcd-readiness` (/readyz only), the names upstream and k3s use, embedded store
 * included.
 *
 *   health     the store serves reads                          etcd reachable; embedded store open
 *   readiness  …and writes: no alarm raised, no failed log      etcd NOSPACE/CORRUPT alarms; embedded out of space
 *
 * Each probe is bounded (2 s, upstream's DefaultHealthcheckTimeout), so a hung store fails the
 * check instead of hanging it; failures name the store.
 */
import type { KV } from '../kv/types.js';

export interface StorageHealthChecks {
  /** Resolves while the store serves reads; rejects naming the store and why not. */
  health(): Promise<void>;
  /** Resolves while the store serves reads and writes; rejects naming the store and why not. */
  readiness(): Promise<void>;
}

export interface HealthCheckOptions {
  /** How the store is named in failures, e.g. `etcd at http://127.0.0.1:2379`. */
  description: string;
  /** Longest a probe may take (default 2000 ms). */
  timeoutMs?: number;
}

export function newStorageHealthChecks(kv: KV, opts: HealthCheckOptions): StorageHealthChecks {
  const timeoutMs = opts.timeoutMs ?? 2000;
  const bounded = (probe: Promise<void>) =>
    withTimeout(probe, timeoutMs, `${opts.description} did not answer within ${timeoutMs / 1000}s`);
  return {
    health: () => bounded(kv.checkHealth()),
    readiness: () => bounded(kv.checkReadiness()),
  };
}

function withTimeout(probe: Promise<void>, ms: number, message: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([probe, timeout]).finally(() => clearTimeout(timer));
}
