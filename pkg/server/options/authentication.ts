/**
 * BuiltInAuthenticationOptions (mirrors k8s.io/kubernetes/pkg/kubeapiserver/options/authentication.go,
 * the part this server implements): client certificates, static tokens, anonymous requests.
 */
import { readFileSync } from 'node:fs';
import type { Argv } from 'yargs';
import { type RequestAuthenticator, unionAuthenticator } from '../../authentication/authenticator/interfaces.js';
import { bearerTokenAuthenticator } from '../../authentication/request/bearertoken.js';
import { x509Authenticator } from '../../authentication/request/x509.js';
import { loadTokenFile } from '../../authentication/token/tokenfile.js';
import type { OptionGroup } from './option-group.js';

export interface AuthenticationOptions {
  clientCAFile?: string | undefined;
  tokenAuthFile?: string | undefined;
  anonymous: boolean;
}

export interface AuthenticationFlags {
  'client-ca-file'?: string | undefined;
  'token-auth-file'?: string | undefined;
  'anonymous-auth': boolean;
}

const group = 'Authentication flags:';

export const authenticationOptions: OptionGroup<AuthenticationFlags, AuthenticationOptions> = {
  addFlags<T>(argv: Argv<T>): Argv<T & AuthenticationFlags> {
    return argv
      .option('client-ca-file', {
        type: 'string',
        describe:
          'If set, any request presenting a client certificate signed by one of the authorities in the client-ca-file is authenticated with an identity corresponding to the CommonName of the client certificate (and its Organizations as groups). The generated CA is always trusted too.',
        group: group,
      })
      .option('token-auth-file', {
        type: 'string',
        describe:
          'If set, the file that will be used to secure the secure port of the API server via token authentication (CSV: token,user,uid,"group1,group2").',
        group: group,
      })
      .option('anonymous-auth', {
        type: 'boolean',
        default: true,
        describe:
          'Enables anonymous requests to the public-info endpoints (/healthz, /livez, /readyz, /version) as system:anonymous. Everything else requires credentials.',
        group: group,
      }) as Argv<T & AuthenticationFlags>;
  },

  fromFlags(flags) {
    return {
      clientCAFile: flags['client-ca-file'],
      tokenAuthFile: flags['token-auth-file'],
      anonymous: flags['anonymous-auth'],
    };
  },

  // Files are read (and their errors reported) when applied, as upstream reads them at start.
  validate: () => [],
};

export interface AuthenticationInfo {
  authenticator: RequestAuthenticator;
  /** PEM of the CAs client certificates may chain to, beyond the cluster CA. */
  clientCA: string;
  anonymous: boolean;
}

/** The authentication half of the config (upstream ApplyTo): the request authenticator and the client CAs. */
export function applyAuthenticationTo(opts: AuthenticationOptions): AuthenticationInfo {
  const authenticators: RequestAuthenticator[] = [x509Authenticator];
  if (opts.tokenAuthFile) authenticators.push(bearerTokenAuthenticator(loadTokenFile(opts.tokenAuthFile)));
  return {
    authenticator: unionAuthenticator(authenticators),
    clientCA: opts.clientCAFile ? readFlagFile('client-ca-file', opts.clientCAFile) : '',
    anonymous: opts.anonymous,
  };
}

/** Reads a file named by a flag; the error names the flag and the file. */
export function readFlagFile(flag: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such file or directory'
        : code === 'EACCES'
          ? 'permission denied'
          : err instanceof Error
            ? err.message
            : String(err);
    throw new Error(`failed to read --${flag} ${file}: ${why}`);
  }
}
