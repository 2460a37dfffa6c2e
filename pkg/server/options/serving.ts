/**
 * SecureServingOptions (mirrors k8s.io/apiserver/pkg/server/options/serving.go): where and how the
 * server listens — address, port, certificates, TLS versions and cipher suites.
 */
import type { Server } from 'node:https';
import { isIP } from 'node:net';
import type { Argv } from 'yargs';
import { newSecureServingInfo, type SecureServingInfo, type ServingCertificate } from '../secure-serving.js';
import {
  insecureTLSCipherNames,
  preferredTLSCipherNames,
  servingTLSOptions,
  tlsCipherSuites,
  tlsPossibleVersions,
  tlsVersion,
} from '../../cli/flag/ciphersuites-flag.js';
import { type OptionGroup, splitList } from './option-group.js';

export interface SecureServingOptions {
  bindAddress: string;
  bindPort: number;
  /** Where generated certificates live; the component decides the default. */
  certDir?: string | undefined;
  tlsCertFile?: string | undefined;
  tlsPrivateKeyFile?: string | undefined;
  /** Go names (TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256…); empty for Go's defaults. */
  cipherSuites: string[];
  /** VersionTLS10…VersionTLS13; empty for TLS 1.2. */
  minTLSVersion: string;
}

export interface SecureServingFlags {
  'secure-port': number;
  'bind-address': string;
  'cert-dir'?: string | undefined;
  'tls-cert-file'?: string | undefined;
  'tls-private-key-file'?: string | undefined;
  'tls-cipher-suites': string[];
  'tls-min-version': string;
}

const group = 'Secure serving flags:';

export const secureServingOptions: OptionGroup<SecureServingFlags, SecureServingOptions> = {
  addFlags<T>(argv: Argv<T>): Argv<T & SecureServingFlags> {
    return argv
      .option('secure-port', {
        alias: 'port',
        type: 'number',
        default: 6443,
        describe:
          'The port on which to serve HTTPS with authentication and authorization. It cannot be switched off with 0.',
        group: group,
      })
      .option('bind-address', {
        type: 'string',
        default: '0.0.0.0',
        describe:
          'The IP address on which to listen for the --secure-port port. Use 0.0.0.0 (all IPv4) or :: (all IPv6 and IPv4) for all interfaces.',
        group: group,
      })
      .option('cert-dir', {
        type: 'string',
        describe:
          'The directory where the TLS certs are located. If --tls-cert-file and --tls-private-key-file are provided, this flag will be ignored for serving. (default <data-dir>/pki)',
        group: group,
      })
      .option('tls-cert-file', {
        type: 'string',
        describe:
          'File containing the default x509 Certificate for HTTPS (CA cert, if any, concatenated after server cert). If not provided, a CA and a serving certificate are generated into --cert-dir.',
        group: group,
      })
      .option('tls-private-key-file', {
        type: 'string',
        describe: 'File containing the default x509 private key matching --tls-cert-file.',
        group: group,
      })
      .option('tls-cipher-suites', {
        type: 'string',
        array: true,
        default: [] as string[],
        describe:
          'Comma-separated list of cipher suites for the server. If omitted, the default Go cipher suites will be used.\n' +
          `Preferred values: ${preferredTLSCipherNames().join(', ')}.\n` +
          `Insecure values: ${insecureTLSCipherNames().join(', ')}.`,
        group: group,
      })
      .option('tls-min-version', {
        type: 'string',
        default: '',
        defaultDescription: 'VersionTLS12',
        describe: `Minimum TLS version supported. Possible values: ${tlsPossibleVersions().join(', ')}`,
        group: group,
      }) as Argv<T & SecureServingFlags>;
  },

  fromFlags(flags) {
    return {
      bindAddress: flags['bind-address'],
      bindPort: flags['secure-port'],
      certDir: flags['cert-dir'],
      tlsCertFile: flags['tls-cert-file'],
      tlsPrivateKeyFile: flags['tls-private-key-file'],
      cipherSuites: splitList(flags['tls-cipher-suites']),
      minTLSVersion: flags['tls-min-version'],
    };
  },

  validate(opts) {
    const errs: string[] = [];
    if (!Number.isInteger(opts.bindPort) || opts.bindPort < 1 || opts.bindPort > 65535) {
      errs.push(
        `--secure-port ${opts.bindPort} must be between 1 and 65535, inclusive. It cannot be turned off with 0`,
      );
    }
    if (isIP(opts.bindAddress) === 0)
      errs.push(`--bind-address ${JSON.stringify(opts.bindAddress)} is not a valid IP address`);
    if ((opts.tlsCertFile === undefined) !== (opts.tlsPrivateKeyFile === undefined)) {
      errs.push('--tls-cert-file and --tls-private-key-file must be given together');
    }
    for (const check of [() => tlsCipherSuites(opts.cipherSuites), () => tlsVersion(opts.minTLSVersion)]) {
      try {
        check();
      } catch (err) {
        errs.push(err instanceof Error ? err.message : String(err));
      }
    }
    return errs;
  },
};

/** The serving half of the config (upstream SecureServingOptions.ApplyTo): the listener with its certificate, client CAs and TLS settings. */
export function applySecureServingTo(
  opts: SecureServingOptions,
  listener: Server,
  cert: ServingCertificate,
  clientCA: string,
): SecureServingInfo {
  // Validated already: the suite and version names resolve.
  return newSecureServingInfo(listener, cert, clientCA, servingTLSOptions(opts.cipherSuites, opts.minTLSVersion));
}
