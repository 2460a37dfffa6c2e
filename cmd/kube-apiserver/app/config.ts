/**
 * newConfig / completeConfig (mirrors cmd/kube-apiserver/app/config.go): turns validated options
 * into everything the servers of the chain share — the listener (opened now, so a taken port fails
 * the start before anything else), certificates, authentication, health checks.
 */
import { readFileSync } from 'node:fs';
import { unionAuthenticator, type RequestAuthenticator } from '../../../pkg/authentication/authenticator/interfaces.js';
import { bearerTokenAuthenticator } from '../../../pkg/authentication/request/bearertoken.js';
import { x509Authenticator } from '../../../pkg/authentication/request/x509.js';
import { loadTokenFile } from '../../../pkg/authentication/token/tokenfile.js';
import { ensurePKI, servingHosts, type ControlPlanePKI } from '../../../pkg/controlplane/pki/pki.js';
import { completeConfig as completeGenericConfig, type CompletedConfig as GenericCompletedConfig } from '../../../pkg/server/config.js';
import { createListener, newSecureServingInfo, type ServingCertificate } from '../../../pkg/server/secure-serving.js';
import type { CompletedOptions } from './options/completion.js';

export interface CompletedConfig {
  options: CompletedOptions;
  generic: GenericCompletedConfig;
  pki: ControlPlanePKI;
}

export async function newConfig(opts: CompletedOptions): Promise<CompletedConfig> {
  const { secureServing } = opts;
  let listener;
  try {
    listener = await createListener(secureServing.bindAddress, secureServing.bindPort);
  } catch (err) {
    throw new Error(`failed to create listener: ${err instanceof Error ? err.message : String(err)}`);
  }
  try {
    const pki = await ensurePKI(opts.certDir, servingHosts(opts.advertiseAddress));
    const serving = loadServingCertificate(opts, pki);
    const clientCA = [pki.ca.certPEM, ...(opts.authentication.clientCAFile ? [readFlagFile('client-ca-file', opts.authentication.clientCAFile)] : [])].join('\n');
    const generic = completeGenericConfig({
      secureServing: newSecureServingInfo(listener, serving, clientCA),
      authenticator: newAuthenticator(opts),
      anonymousAuth: opts.authentication.anonymous,
      requestTimeoutMs: opts.requestTimeoutMs,
      shutdownDelayDurationMs: opts.shutdownDelayDurationMs,
      shutdownTimeoutMs: opts.shutdownTimeoutMs,
      healthChecks: [],
    });
    return { options: opts, generic, pki };
  } catch (err) {
    listener.close();
    throw err;
  }
}

/** --tls-cert-file/--tls-private-key-file when given, else the generated serving certificate. */
function loadServingCertificate(opts: CompletedOptions, pki: ControlPlanePKI): ServingCertificate {
  const { tlsCertFile, tlsPrivateKeyFile } = opts.secureServing;
  if (tlsCertFile === undefined || tlsPrivateKeyFile === undefined) return pki.serving;
  return { certPEM: readFlagFile('tls-cert-file', tlsCertFile), keyPEM: readFlagFile('tls-private-key-file', tlsPrivateKeyFile) };
}

function newAuthenticator(opts: CompletedOptions): RequestAuthenticator {
  const authenticators: RequestAuthenticator[] = [x509Authenticator];
  if (opts.authentication.tokenAuthFile) authenticators.push(bearerTokenAuthenticator(loadTokenFile(opts.authentication.tokenAuthFile)));
  return unionAuthenticator(authenticators);
}

/** Reads a file named by a flag; the error names the flag and the file. */
function readFlagFile(flag: string, file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : err instanceof Error ? err.message : String(err);
    throw new Error(`failed to read --${flag} ${file}: ${why}`);
  }
}
