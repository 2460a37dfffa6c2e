/**
 * validate(): every problem with the options, not just the first (mirrors ServerRunOptions.Validate),
 * so a user fixes them all in one go.
 */
import { isIP } from 'node:net';
import { tlsCipherSuites, tlsVersion } from '../../../../pkg/server/options/ciphersuites-flag.js';
import type { CompletedOptions } from './completion.js';

const storageTypes = ['embedded', 'memory', 'etcd'];

export function validate(opts: CompletedOptions): string[] {
  const errs: string[] = [...opts.durationErrors];
  const { secureServing: serving, generic } = opts;
  if (!Number.isInteger(serving.bindPort) || serving.bindPort < 1 || serving.bindPort > 65535) {
    errs.push(
      `--secure-port ${serving.bindPort} must be between 1 and 65535, inclusive. It cannot be turned off with 0`,
    );
  }
  if (isIP(serving.bindAddress) === 0)
    errs.push(`--bind-address ${JSON.stringify(serving.bindAddress)} is not a valid IP address`);
  if (generic.advertiseAddress !== undefined && isIP(generic.advertiseAddress) === 0) {
    errs.push(`--advertise-address ${JSON.stringify(generic.advertiseAddress)} is not a valid IP address`);
  }
  if ((serving.tlsCertFile === undefined) !== (serving.tlsPrivateKeyFile === undefined)) {
    errs.push('--tls-cert-file and --tls-private-key-file must be given together');
  }
  for (const check of [() => tlsCipherSuites(serving.cipherSuites), () => tlsVersion(serving.minTLSVersion)]) {
    try {
      check();
    } catch (err) {
      errs.push(err instanceof Error ? err.message : String(err));
    }
  }
  for (const [flag, ms] of [
    ['shutdown-delay-duration', opts.shutdownDelayDurationMs],
    ['shutdown-timeout', opts.shutdownTimeoutMs],
    ['request-timeout', opts.requestTimeoutMs],
  ] as const) {
    if (ms < 0) errs.push(`--${flag} can not be negative`);
  }
  if (generic.maxRequestsInFlight < 0) errs.push('--max-requests-inflight can not be negative value');
  if (generic.maxMutatingRequestsInFlight < 0) errs.push('--max-mutating-requests-inflight can not be negative value');
  if (!storageTypes.includes(opts.storage.storage)) {
    errs.push(
      `--storage ${JSON.stringify(opts.storage.storage)} is not supported; use one of ${storageTypes.join(', ')}`,
    );
  }
  if (opts.storageType === 'etcd' && opts.storage.etcdServers.length === 0)
    errs.push('--etcd-servers must be specified with --storage=etcd');
  for (const server of opts.storage.etcdServers) {
    if (!/^https?:\/\/[^/]+\/?$/.test(server))
      errs.push(`--etcd-servers: ${JSON.stringify(server)} is not of the form scheme://host:port`);
  }
  if (!isCIDR(opts.serviceClusterIPRange))
    errs.push(`--service-cluster-ip-range ${JSON.stringify(opts.serviceClusterIPRange)} is not a valid CIDR`);
  return errs;
}

function isCIDR(text: string): boolean {
  const [ip, bits, extra] = text.split('/');
  if (ip === undefined || bits === undefined || extra !== undefined || !/^\d+$/.test(bits)) return false;
  const family = isIP(ip);
  return family !== 0 && Number(bits) <= (family === 4 ? 32 : 128);
}
