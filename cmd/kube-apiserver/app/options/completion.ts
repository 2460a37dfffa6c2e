/**
 * complete(): fills in what the flags leave to be derived (mirrors ServerRunOptions.Complete):
 * the data dir and the paths inside it, and the advertise address. Completion never fails;
 * validate() then reports every problem at once.
 */
import os from 'node:os';
import path from 'node:path';
import { isIP } from 'node:net';
import { type StorageType, storageTypeOf } from '../../../../pkg/server/options/etcd.js';
import { defaultDataDir, type ServerRunOptions } from './options.js';

export interface CompletedOptions extends ServerRunOptions {
  dataDir: string;
  certDir: string;
  /** Empty when no kubeconfig should be written. */
  kubeconfigPath: string;
  advertiseAddress: string;
}

export function complete(opts: ServerRunOptions): CompletedOptions {
  const dataDir = path.resolve(opts.dataDir ?? defaultDataDir());
  return {
    ...opts,
    dataDir,
    certDir: path.resolve(opts.secureServing.certDir ?? path.join(dataDir, 'pki')),
    kubeconfigPath:
      opts.writeKubeconfig === '' ? '' : path.resolve(opts.writeKubeconfig ?? path.join(dataDir, 'kubeconfig')),
    advertiseAddress: opts.generic.advertiseAddress ?? defaultAdvertiseAddress(opts.secureServing.bindAddress),
  };
}

/** The store the options ask for (valid options only: validate() reports an unknown --storage). */
export function storageType(opts: CompletedOptions): StorageType {
  return storageTypeOf(opts.etcd);
}

/**
 * Mirrors upstream's ResolveBindAddress: a bind address naming one non-loopback interface is
 * advertised as is; for an unspecified or loopback one the host's own address is advertised
 * (first non-loopback IPv4, else a global IPv6), since other hosts cannot reach a loopback address.
 * With no such interface at all, loopback is all there is.
 */
function defaultAdvertiseAddress(bindAddress: string): string {
  const unspecified = bindAddress === '0.0.0.0' || bindAddress === '::';
  if (isIP(bindAddress) && !unspecified && !isLoopback(bindAddress)) return bindAddress;
  const external = Object.values(os.networkInterfaces())
    .flatMap((addrs) => addrs ?? [])
    .filter((a) => !a.internal);
  const found =
    external.find((a) => a.family === 'IPv4') ??
    external.find((a) => a.family === 'IPv6' && !a.address.startsWith('fe80:'));
  return found?.address ?? (isIP(bindAddress) && !unspecified ? bindAddress : '127.0.0.1');
}

function isLoopback(ip: string): boolean {
  return ip.startsWith('127.') || ip === '::1';
}
