/**
 * newConfig (mirrors cmd/kube-apiserver/app/config.go): turns validated options into everything
 * the servers of the chain share — the listener (opened first, so a taken port fails the start
 * before anything else), certificates, authentication, authorization, storage and the control
 * plane's API groups.
 */
import { readFileSync } from 'node:fs';
import type { Server } from 'node:https';
import { unionAuthenticator, type RequestAuthenticator } from '../../../pkg/authentication/authenticator/interfaces.js';
import { bearerTokenAuthenticator } from '../../../pkg/authentication/request/bearertoken.js';
import { x509Authenticator } from '../../../pkg/authentication/request/x509.js';
import { loadTokenFile } from '../../../pkg/authentication/token/tokenfile.js';
import { alwaysAllowAuthorizer } from '../../../pkg/authorization/authorizer/interfaces.js';
import { newControlPlane, type ControlPlane } from '../../../pkg/controlplane/instance.js';
import { ensurePKI, servingHosts, type ControlPlanePKI } from '../../../pkg/controlplane/pki/pki.js';
import { loadBuiltinDefinitions } from '../../../pkg/openapi/definitions.js';
import { newSchemaIndex, type SchemaIndex } from '../../../pkg/openapi/schema-index.js';
import {
  completeConfig as completeGenericConfig,
  type CompletedConfig as GenericCompletedConfig,
} from '../../../pkg/server/config.js';
import { servingTLSOptions } from '../../../pkg/server/options/ciphersuites-flag.js';
import {
  createListener,
  joinHostPort,
  newSecureServingInfo,
  type ServingCertificate,
} from '../../../pkg/server/secure-serving.js';
import type { CompletedOptions } from './options/completion.js';
import { newStorageBackend, servedResources, type StorageBackend } from './storage.js';

export interface CompletedConfig {
  options: CompletedOptions;
  generic: GenericCompletedConfig;
  pki: ControlPlanePKI;
  storage: StorageBackend;
  controlPlane: ControlPlane;
  /** Built-in type schemas: pruning, field validation and OpenAPI. */
  schemas: SchemaIndex;
}

export async function newConfig(opts: CompletedOptions): Promise<CompletedConfig> {
  const { secureServing } = opts;
  let listener: Server;
  try {
    listener = await createListener(secureServing.bindAddress, secureServing.bindPort);
  } catch (err) {
    throw new Error(`failed to create listener: ${err instanceof Error ? err.message : String(err)}`);
  }
  let storage: StorageBackend | undefined;
  try {
    const [pki, definitions] = await Promise.all([
      ensurePKI(opts.certDir, servingHosts(opts.advertiseAddress)),
      loadBuiltinDefinitions(),
    ]);
    const serving = loadServingCertificate(opts, pki);
    const clientCA = [
      pki.ca.certPEM,
      ...(opts.authentication.clientCAFile ? [readFlagFile('client-ca-file', opts.authentication.clientCAFile)] : []),
    ].join('\n');
    const authenticator = newAuthenticator(opts);
    storage = await newStorageBackend(opts);
    const servingInfo = newSecureServingInfo(
      listener,
      serving,
      clientCA,
      // Validated already: this cannot throw here.
      servingTLSOptions(secureServing.cipherSuites, secureServing.minTLSVersion),
    );
    const generic = completeGenericConfig({
      secureServing: servingInfo,
      externalAddress: joinHostPort(opts.advertiseAddress, servingInfo.port),
      authenticator,
      anonymousAuth: opts.authentication.anonymous,
      requestTimeoutMs: opts.requestTimeoutMs,
      maxRequestsInFlight: opts.generic.maxRequestsInFlight,
      maxMutatingRequestsInFlight: opts.generic.maxMutatingRequestsInFlight,
      shutdownDelayDurationMs: opts.shutdownDelayDurationMs,
      shutdownTimeoutMs: opts.shutdownTimeoutMs,
      healthChecks: storage.healthChecks,
      readyzChecks: storage.readyzChecks,
    });
    const controlPlane = newControlPlane({
      storage: storage.storage,
      keyRoot: storage.keyRoot,
      serviceClusterIPRange: opts.serviceClusterIPRange,
      securePort: generic.secureServing.port,
      advertiseAddress: opts.advertiseAddress,
      authorizer: alwaysAllowAuthorizer,
    });
    storage.bindResources(servedResources([...controlPlane.kubeGroups, ...controlPlane.apiExtensionsGroups]));
    return { options: opts, generic, pki, storage, controlPlane, schemas: newSchemaIndex(definitions) };
  } catch (err) {
    listener.close();
    await storage?.kv.close();
    throw err;
  }
}

/** Closes what newConfig opened (listener, store), for a start that fails before serving. */
export async function releaseConfig(config: CompletedConfig): Promise<void> {
  config.generic.secureServing.listener.close();
  await config.storage.kv.close();
}

/** --tls-cert-file/--tls-private-key-file when given, else the generated serving certificate. */
function loadServingCertificate(opts: CompletedOptions, pki: ControlPlanePKI): ServingCertificate {
  const { tlsCertFile, tlsPrivateKeyFile } = opts.secureServing;
  if (tlsCertFile === undefined || tlsPrivateKeyFile === undefined) return pki.serving;
  return {
    certPEM: readFlagFile('tls-cert-file', tlsCertFile),
    keyPEM: readFlagFile('tls-private-key-file', tlsPrivateKeyFile),
  };
}

function newAuthenticator(opts: CompletedOptions): RequestAuthenticator {
  const authenticators: RequestAuthenticator[] = [x509Authenticator];
  if (opts.authentication.tokenAuthFile)
    authenticators.push(bearerTokenAuthenticator(loadTokenFile(opts.authentication.tokenAuthFile)));
  return unionAuthenticator(authenticators);
}

/** Reads a file named by a flag; the error names the flag and the file. */
function readFlagFile(flag: string, file: string): string {
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
