/**
 * ServerRunOptions: the kube-apiserver's flags, grouped by topic as upstream's
 * cmd/kube-apiserver/app/options. `addFlags` declares them on yargs (names, defaults and help as
 * upstream where the flag exists there); `fromArgv` groups the parsed values.
 */
import os from 'node:os';
import path from 'node:path';
import type { Argv } from 'yargs';
import { addLogFlags, type LogOptions } from '../../../../pkg/klog/flags.js';
import { defaultKeyRoot } from '../../../../pkg/registry/generic/options.js';
import {
  insecureTLSCipherNames,
  preferredTLSCipherNames,
  tlsPossibleVersions,
} from '../../../../pkg/server/options/ciphersuites-flag.js';

export interface SecureServingOptions {
  bindAddress: string;
  bindPort: number;
  /** Where generated certificates live; defaults to <data-dir>/pki. */
  certDir?: string | undefined;
  tlsCertFile?: string | undefined;
  tlsPrivateKeyFile?: string | undefined;
  /** Go names (TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256…); empty for Go's defaults. */
  cipherSuites: string[];
  /** VersionTLS10…VersionTLS13; empty for TLS 1.2. */
  minTLSVersion: string;
}

export interface AuthenticationOptions {
  clientCAFile?: string | undefined;
  tokenAuthFile?: string | undefined;
  anonymous: boolean;
}

export interface GenericServerRunOptions {
  advertiseAddress?: string | undefined;
  shutdownDelayDuration: string;
  shutdownTimeout: string;
  requestTimeout: string;
  maxRequestsInFlight: number;
  maxMutatingRequestsInFlight: number;
}

export interface StorageOptions {
  storage: 'embedded' | 'memory' | 'etcd';
  /** Defaults per user: $XDG_DATA_HOME/hyperkube or ~/.local/share/hyperkube. */
  dataDir?: string | undefined;
  etcdServers: string[];
  etcdPrefix: string;
  /** EncryptionConfiguration file: which resources are encrypted at rest, and how. */
  encryptionProviderConfig?: string | undefined;
}

export interface ServerRunOptions {
  secureServing: SecureServingOptions;
  authentication: AuthenticationOptions;
  generic: GenericServerRunOptions;
  storage: StorageOptions;
  serviceClusterIPRange: string;
  /** Where to write the admin kubeconfig; defaults to <data-dir>/kubeconfig. "" disables. */
  writeKubeconfig?: string | undefined;
  logs: LogOptions;
}

/** The flags as yargs parses them: kebab-case names, one per flag. */
export interface ServerRunFlags extends LogOptions {
  'secure-port': number;
  'bind-address': string;
  'cert-dir'?: string | undefined;
  'tls-cert-file'?: string | undefined;
  'tls-private-key-file'?: string | undefined;
  'tls-cipher-suites': string[];
  'tls-min-version': string;
  'client-ca-file'?: string | undefined;
  'token-auth-file'?: string | undefined;
  'anonymous-auth': boolean;
  'advertise-address'?: string | undefined;
  'shutdown-delay-duration': string;
  'shutdown-timeout': string;
  'request-timeout': string;
  'max-requests-inflight': number;
  'max-mutating-requests-inflight': number;
  storage: string;
  'data-dir'?: string | undefined;
  'etcd-servers': string[];
  'etcd-prefix': string;
  'encryption-provider-config'?: string | undefined;
  'service-cluster-ip-range': string;
  'write-kubeconfig'?: string | undefined;
}

export function defaultDataDir(): string {
  const base = process.env.XDG_DATA_HOME || path.join(os.homedir(), '.local', 'share');
  return path.join(base, 'hyperkube');
}

export function addFlags<T>(argv: Argv<T>): Argv<T & ServerRunFlags> {
  const secure = 'Secure serving flags:';
  const authn = 'Authentication flags:';
  const generic = 'Generic flags:';
  const storage = 'Storage flags:';
  const withFlags = argv
    .option('secure-port', {
      alias: 'port',
      type: 'number',
      default: 6443,
      describe:
        'The port on which to serve HTTPS with authentication and authorization. It cannot be switched off with 0.',
      group: secure,
    })
    .option('bind-address', {
      type: 'string',
      default: '0.0.0.0',
      describe:
        'The IP address on which to listen for the --secure-port port. Use 0.0.0.0 (all IPv4) or :: (all IPv6 and IPv4) for all interfaces.',
      group: secure,
    })
    .option('cert-dir', {
      type: 'string',
      describe:
        'The directory where the TLS certs are located. If --tls-cert-file and --tls-private-key-file are provided, this flag will be ignored for serving. (default <data-dir>/pki)',
      group: secure,
    })
    .option('tls-cert-file', {
      type: 'string',
      describe:
        'File containing the default x509 Certificate for HTTPS (CA cert, if any, concatenated after server cert). If not provided, a CA and a serving certificate are generated into --cert-dir.',
      group: secure,
    })
    .option('tls-private-key-file', {
      type: 'string',
      describe: 'File containing the default x509 private key matching --tls-cert-file.',
      group: secure,
    })
    .option('tls-cipher-suites', {
      type: 'string',
      array: true,
      default: [] as string[],
      describe:
        'Comma-separated list of cipher suites for the server. If omitted, the default Go cipher suites will be used.\n' +
        `Preferred values: ${preferredTLSCipherNames().join(', ')}.\n` +
        `Insecure values: ${insecureTLSCipherNames().join(', ')}.`,
      group: secure,
    })
    .option('tls-min-version', {
      type: 'string',
      default: '',
      defaultDescription: 'VersionTLS12',
      describe: `Minimum TLS version supported. Possible values: ${tlsPossibleVersions().join(', ')}`,
      group: secure,
    })
    .option('client-ca-file', {
      type: 'string',
      describe:
        'If set, any request presenting a client certificate signed by one of the authorities in the client-ca-file is authenticated with an identity corresponding to the CommonName of the client certificate (and its Organizations as groups). The generated CA is always trusted too.',
      group: authn,
    })
    .option('token-auth-file', {
      type: 'string',
      describe:
        'If set, the file that will be used to secure the secure port of the API server via token authentication (CSV: token,user,uid,"group1,group2").',
      group: authn,
    })
    .option('anonymous-auth', {
      type: 'boolean',
      default: true,
      describe:
        'Enables anonymous requests to the public-info endpoints (/healthz, /livez, /readyz, /version) as system:anonymous. Everything else requires credentials.',
      group: authn,
    })
    .option('advertise-address', {
      type: 'string',
      describe:
        'The IP address on which to advertise the apiserver to members of the cluster. If blank, the --bind-address will be used, or the host’s first non-loopback IPv4 address if that is unspecified.',
      group: generic,
    })
    .option('shutdown-delay-duration', {
      type: 'string',
      default: '0s',
      describe:
        'Time to delay the termination. During that time the server keeps serving requests normally and /readyz returns failure.',
      group: generic,
    })
    .option('shutdown-timeout', {
      type: 'string',
      default: '60s',
      describe: 'How long in-flight requests get to finish during a graceful stop before their connections are closed.',
      group: generic,
    })
    .option('request-timeout', {
      type: 'string',
      default: '1m0s',
      describe:
        'An optional field indicating the duration a handler must keep a request open before timing it out. This is the default request timeout for requests but may be overridden by flags such as --min-request-timeout for specific types of requests.',
      group: generic,
    })
    .option('max-requests-inflight', {
      requiresArg: true,
      default: 400,
      coerce: (value: unknown) => parseIntFlag('max-requests-inflight', value),
      describe:
        'The maximum number of non-mutating requests in flight at a given time. When the server exceeds this, it rejects requests with 429. Zero for no limit. (API Priority and Fairness is not implemented: this limit always applies.)',
      group: generic,
    })
    .option('max-mutating-requests-inflight', {
      requiresArg: true,
      default: 200,
      coerce: (value: unknown) => parseIntFlag('max-mutating-requests-inflight', value),
      describe:
        'The maximum number of mutating requests in flight at a given time. When the server exceeds this, it rejects requests with 429. Zero for no limit.',
      group: generic,
    })
    .option('service-cluster-ip-range', {
      type: 'string',
      default: '10.96.0.0/12',
      describe: 'A CIDR notation IP range from which to assign service cluster IPs.',
      group: generic,
    })
    .option('storage', {
      type: 'string',
      default: 'embedded',
      describe:
        'Where objects are stored: "embedded" (durable files in --data-dir), "memory" (lost on exit: tests and throwaway use) or "etcd" (--etcd-servers; implied when they are given).',
      group: storage,
    })
    .option('data-dir', {
      type: 'string',
      describe: `Directory for the embedded store, the generated certificates and the admin kubeconfig. (default ${defaultDataDir()})`,
      group: storage,
    })
    .option('etcd-servers', {
      type: 'string',
      array: true,
      default: [] as string[],
      describe: 'List of etcd servers to connect with (scheme://ip:port), comma separated.',
      group: storage,
    })
    .option('etcd-prefix', {
      type: 'string',
      default: defaultKeyRoot,
      describe: 'The prefix to prepend to all resource paths in etcd.',
      group: storage,
    })
    .option('encryption-provider-config', {
      type: 'string',
      describe:
        'The file containing configuration for encryption providers to be used for storing secrets in etcd (EncryptionConfiguration, apiserver.config.k8s.io/v1: aescbc, aesgcm, secretbox, identity).',
      group: storage,
    })
    .option('write-kubeconfig', {
      type: 'string',
      describe:
        'Write an admin kubeconfig for this server to this file (mode 0600). (default <data-dir>/kubeconfig; "" to skip)',
      group: generic,
    });
  return addLogFlags(withFlags) as Argv<T & ServerRunFlags>;
}

export function fromArgv(flags: ServerRunFlags): ServerRunOptions {
  return {
    secureServing: {
      bindAddress: flags['bind-address'],
      bindPort: flags['secure-port'],
      certDir: flags['cert-dir'],
      tlsCertFile: flags['tls-cert-file'],
      tlsPrivateKeyFile: flags['tls-private-key-file'],
      cipherSuites: splitList(flags['tls-cipher-suites']),
      minTLSVersion: flags['tls-min-version'],
    },
    authentication: {
      clientCAFile: flags['client-ca-file'],
      tokenAuthFile: flags['token-auth-file'],
      anonymous: flags['anonymous-auth'],
    },
    generic: {
      advertiseAddress: flags['advertise-address'],
      shutdownDelayDuration: flags['shutdown-delay-duration'],
      shutdownTimeout: flags['shutdown-timeout'],
      requestTimeout: flags['request-timeout'],
      maxRequestsInFlight: flags['max-requests-inflight'],
      maxMutatingRequestsInFlight: flags['max-mutating-requests-inflight'],
    },
    storage: {
      storage: flags.storage as StorageOptions['storage'],
      dataDir: flags['data-dir'],
      etcdServers: splitList(flags['etcd-servers']),
      etcdPrefix: flags['etcd-prefix'],
      encryptionProviderConfig: flags['encryption-provider-config'],
    },
    serviceClusterIPRange: flags['service-cluster-ip-range'],
    writeKubeconfig: flags['write-kubeconfig'],
    logs: { v: flags.v, 'logging-format': flags['logging-format'] },
  };
}

/** A list flag given repeatedly and/or comma-separated (pflag's StringSlice), without empty entries. */
function splitList(values: readonly string[]): string[] {
  return values
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * An int flag's value: throws pflag's `invalid argument "<value>" for "--<flag>" flag: …` for
 * anything but an integer (yargs would otherwise hand NaN on, losing what was typed).
 */
export function parseIntFlag(flag: string, value: unknown): number {
  // A repeated flag arrives as an array; the last one wins, as with pflag.
  const text = String(Array.isArray(value) ? value.at(-1) : value);
  if (!/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(Number(text)))
    throw new Error(
      `invalid argument ${JSON.stringify(text)} for "--${flag}" flag: strconv.ParseInt: parsing ${JSON.stringify(text)}: invalid syntax`,
    );
  return Number(text);
}
