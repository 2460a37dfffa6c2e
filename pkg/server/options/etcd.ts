/**
 * EtcdOptions (mirrors k8s.io/apiserver/pkg/server/options/etcd.go): where objects are stored —
 * the embedded store, memory, or etcd servers under a key prefix — and what is encrypted at rest.
 */
import type { Argv } from 'yargs';
import { defaultKeyRoot } from '../../registry/generic/options.js';
import { type OptionGroup, splitList } from './option-group.js';

export const storageTypes = ['embedded', 'memory', 'etcd'] as const;
export type StorageType = (typeof storageTypes)[number];

export interface EtcdOptions {
  /** As given: `embedded`, `memory` or `etcd` (validated). */
  storage: string;
  etcdServers: string[];
  etcdPrefix: string;
  /** EncryptionConfiguration file: which resources are encrypted at rest, and how. */
  encryptionProviderConfig?: string | undefined;
}

export interface EtcdFlags {
  storage: string;
  'etcd-servers': string[];
  'etcd-prefix': string;
  'encryption-provider-config'?: string | undefined;
}

const group = 'Storage flags:';

function isStorageType(value: string): value is StorageType {
  return (storageTypes as readonly string[]).includes(value);
}

/** The store to use: as given, except that --etcd-servers implies etcd unless another store was named. */
export function storageTypeOf(opts: EtcdOptions): StorageType {
  if (!isStorageType(opts.storage)) throw new Error(`--storage ${JSON.stringify(opts.storage)} is not supported`);
  return opts.storage === 'embedded' && opts.etcdServers.length > 0 ? 'etcd' : opts.storage;
}

export const etcdOptions: OptionGroup<EtcdFlags, EtcdOptions> = {
  addFlags<T>(argv: Argv<T>): Argv<T & EtcdFlags> {
    return argv
      .option('storage', {
        type: 'string',
        default: 'embedded',
        describe:
          'Where objects are stored: "embedded" (durable files in --data-dir), "memory" (lost on exit: tests and throwaway use) or "etcd" (--etcd-servers; implied when they are given).',
        group: group,
      })
      .option('etcd-servers', {
        type: 'string',
        array: true,
        default: [] as string[],
        describe: 'List of etcd servers to connect with (scheme://ip:port), comma separated.',
        group: group,
      })
      .option('etcd-prefix', {
        type: 'string',
        default: defaultKeyRoot,
        describe: 'The prefix to prepend to all resource paths in etcd.',
        group: group,
      })
      .option('encryption-provider-config', {
        type: 'string',
        describe:
          'The file containing configuration for encryption providers to be used for storing secrets in etcd (EncryptionConfiguration, apiserver.config.k8s.io/v1: aescbc, aesgcm, secretbox, identity).',
        group: group,
      }) as Argv<T & EtcdFlags>;
  },

  fromFlags(flags) {
    return {
      storage: flags.storage,
      etcdServers: splitList(flags['etcd-servers']),
      etcdPrefix: flags['etcd-prefix'],
      encryptionProviderConfig: flags['encryption-provider-config'],
    };
  },

  validate(opts) {
    const errs: string[] = [];
    if (!isStorageType(opts.storage)) {
      errs.push(`--storage ${JSON.stringify(opts.storage)} is not supported; use one of ${storageTypes.join(', ')}`);
    } else if (storageTypeOf(opts) === 'etcd' && opts.etcdServers.length === 0) {
      errs.push('--etcd-servers must be specified with --storage=etcd');
    }
    for (const server of opts.etcdServers) {
      if (!/^https?:\/\/[^/]+\/?$/.test(server)) {
        errs.push(`--etcd-servers: ${JSON.stringify(server)} is not of the form scheme://host:port`);
      }
    }
    return errs;
  },
};
