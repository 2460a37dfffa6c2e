/**
 * complete(): fills in what the flags leave to be derived (mirrors ServerRunOptions.Complete):
 * the data dir and the paths inside it, the advertise address, the store type, and durations as
 * milliseconds. Completion never fails; validate() then reports every problem at once.
 */
import os from 'node:os';
import path from 'node:path';
import { isIP } from 'node:net';
import { parseDuration } from '../../../../pkg/util/duration.js';
import { defaultDataDir, type ServerRunOptions, type StorageOptions } from './options.js';

export interface CompletedOptions extends ServerRunOptions {
  dataDir: string;
  certDir: string;
  /** Empty when no kubeconfig should be written. */
  kubeconfigPath: string;
  advertiseAddress: string;
  storageType: StorageOptions['storage'];
  shutdownDelayDurationMs: number;
  shutdownTimeoutMs: number;
  requestTimeoutMs: number;
  /** Durations that did not parse, for validate() to report. */
  durationErrors: string[];
}

export function complete(opts: ServerRunOptions): CompletedOptions {
  const dataDir = path.resolve(opts.storage.dataDir ?? defaultDataDir());
  const durationErrors: string[] = [];
  const duration = (flag: string, value: string): number => {
    try {
      return parseDuration(value);
    } catch (err) {
      durationErrors.push(`--${flag}: ${err instanceof Error ? err.message : String(err)}`);
      return 0;
    }
  };
  return {
    ...opts,
    dataDir,
    certDir: path.resolve(opts.secureServing.certDir ?? path.join(dataDir, 'pki')),
    kubeconfigPath: opts.writeKubeconfig === '' ? '' : path.resolve(opts.writeKubeconfig ?? path.join(dataDir, 'kubeconfig')),
    advertiseAddress: opts.generic.advertiseAddress ?? defaultAdvertiseAddress(opts.secureServing.bindAddress),
    storageType: opts.storage.etcdServers.length > 0 && opts.storage.storage === 'embedded' ? 'etcd' : opts.storage.storage,
    shutdownDelayDurationMs: duration('shutdown-delay-duration', opts.generic.shutdownDelayDuration),
    shutdownTimeoutMs: duration('shutdown-timeout', opts.generic.shutdownTimeout),
    requestTimeoutMs: duration('request-timeout', opts.generic.requestTimeout),
    durationErrors,
  };
}

/** The bind address when it names one interface; otherwise the host's first non-loopback IPv4 address, or loopback. */
function defaultAdvertiseAddress(bindAddress: string): string {
  if (isIP(bindAddress) && bindAddress !== '0.0.0.0' && bindAddress !== '::') return bindAddress;
  for (const addrs of Object.values(os.networkInterfaces())) {
    const found = addrs?.find((a) => a.family === 'IPv4' && !a.internal);
    if (found) return found.address;
  }
  return '127.0.0.1';
}
