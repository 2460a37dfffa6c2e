/**
 * The kube-apiserver's options (mirrors cmd/kube-apiserver/app/options.ServerRunOptions): the
 * generic server's option groups (pkg/server/options — serving, authentication, server-run,
 * storage), each owning its flags and validation, plus the few flags that are kube-apiserver's own.
 * `addFlags` declares them all on yargs; `fromArgv` groups the parsed values.
 */
import os from 'node:os';
import path from 'node:path';
import type { Argv } from 'yargs';
import { addLogFlags, type LogOptions } from '../../../../pkg/klog/flags.js';
import {
  type AuthenticationFlags,
  type AuthenticationOptions,
  authenticationOptions,
} from '../../../../pkg/server/options/authentication.js';
import { type EtcdFlags, type EtcdOptions, etcdOptions } from '../../../../pkg/server/options/etcd.js';
import {
  type ServerRunFlags as GenericRunFlags,
  type ServerRunOptions as GenericRunOptions,
  serverRunOptions,
} from '../../../../pkg/server/options/server-run.js';
import {
  type SecureServingFlags,
  type SecureServingOptions,
  secureServingOptions,
} from '../../../../pkg/server/options/serving.js';

export interface ServerRunOptions {
  secureServing: SecureServingOptions;
  authentication: AuthenticationOptions;
  generic: GenericRunOptions;
  etcd: EtcdOptions;
  /** Defaults per user: $XDG_DATA_HOME/hyperkube or ~/.local/share/hyperkube. */
  dataDir?: string | undefined;
  serviceClusterIPRange: string;
  /** Where to write the admin kubeconfig; defaults to <data-dir>/kubeconfig. "" disables. */
  writeKubeconfig?: string | undefined;
  logs: LogOptions;
}

/** The kube-apiserver's own flags, beyond the generic groups. */
interface KubeAPIServerFlags {
  'data-dir'?: string | undefined;
  'service-cluster-ip-range': string;
  'write-kubeconfig'?: string | undefined;
}

/** The flags as yargs parses them: kebab-case names, one per flag. */
export type ServerRunFlags = SecureServingFlags &
  AuthenticationFlags &
  GenericRunFlags &
  EtcdFlags &
  KubeAPIServerFlags &
  LogOptions;

export function defaultDataDir(): string {
  const base = process.env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share');
  return path.join(base, 'hyperkube');
}

export function addFlags<T>(argv: Argv<T>): Argv<T & ServerRunFlags> {
  const generic = 'Generic flags:';
  const storage = 'Storage flags:';
  const withGroups = etcdOptions.addFlags(
    serverRunOptions.addFlags(authenticationOptions.addFlags(secureServingOptions.addFlags(argv))),
  );
  const withOwn = withGroups
    .option('service-cluster-ip-range', {
      type: 'string',
      default: '10.96.0.0/12',
      describe: 'A CIDR notation IP range from which to assign service cluster IPs.',
      group: generic,
    })
    .option('data-dir', {
      type: 'string',
      describe: `Directory for the embedded store, the generated certificates and the admin kubeconfig. (default ${defaultDataDir()})`,
      group: storage,
    })
    .option('write-kubeconfig', {
      type: 'string',
      describe:
        'Write an admin kubeconfig for this server to this file (mode 0600). (default <data-dir>/kubeconfig; "" to skip)',
      group: generic,
    }) as Argv<T & SecureServingFlags & AuthenticationFlags & GenericRunFlags & EtcdFlags & KubeAPIServerFlags>;
  return addLogFlags(withOwn);
}

export function fromArgv(flags: ServerRunFlags): ServerRunOptions {
  return {
    secureServing: secureServingOptions.fromFlags(flags),
    authentication: authenticationOptions.fromFlags(flags),
    generic: serverRunOptions.fromFlags(flags),
    etcd: etcdOptions.fromFlags(flags),
    dataDir: flags['data-dir'],
    serviceClusterIPRange: flags['service-cluster-ip-range'],
    writeKubeconfig: flags['write-kubeconfig'],
    logs: { v: flags.v, 'logging-format': flags['logging-format'] },
  };
}
