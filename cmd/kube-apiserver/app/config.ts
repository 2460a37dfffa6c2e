/**
 * The kube-apiserver's configuration, in upstream's two stages (cmd/kube-apiserver/app/config.go):
 *
 *   newConfig(options) → Config          what the options open and load: the listener (first, so a
 *                                         taken port fails the start before anything else), the
 *                                         certificates, authentication, authorization, admission,
 *                                         the store — the generic server's Config plus the control
 *                                         plane's own parts;
 *   complete(Config) → CompletedConfig    what is derived from them: the generic config completed
 *                                         (lifecycle signals, the catalog, the filter chain) and the
 *                                         control plane's API groups built over the store.
 *
 * Only a CompletedConfig builds the server chain.
 */
import type { Server } from 'node:https';
import { alwaysAllowAuthorizer } from '../../../pkg/authorization/authorizer/interfaces.js';
import { type ControlPlaneAdmission, newControlPlaneAdmission } from '../../../pkg/controlplane/admission.js';
import { newControlPlane, type ControlPlane } from '../../../pkg/controlplane/instance.js';
import { ensurePKI, servingHosts, type ControlPlanePKI } from '../../../pkg/controlplane/pki/pki.js';
import { loadBuiltinDefinitions } from '../../../pkg/openapi/definitions.js';
import { newSchemaIndex, type SchemaIndex } from '../../../pkg/openapi/schema-index.js';
import {
  type Config as GenericConfig,
  completeConfig as completeGenericConfig,
  type CompletedConfig as GenericCompletedConfig,
} from '../../../pkg/server/config.js';
import { applyAuthenticationTo, readFlagFile } from '../../../pkg/server/options/authentication.js';
import { applyServerRunTo } from '../../../pkg/server/options/server-run.js';
import { applySecureServingTo } from '../../../pkg/server/options/serving.js';
import { createListener, joinHostPort, type ServingCertificate } from '../../../pkg/server/secure-serving.js';
import type { CompletedOptions } from './options/completion.js';
import { newStorageBackend, servedResources, type StorageBackend } from './storage.js';

/** Options applied: everything opened and loaded, nothing derived yet (upstream app.Config). */
export interface Config {
  options: CompletedOptions;
  generic: GenericConfig;
  pki: ControlPlanePKI;
  storage: StorageBackend;
  /** The admission chain in `generic.admission`, with the binding its plugins need once the stores exist. */
  admission: ControlPlaneAdmission;
  /** Built-in type schemas: pruning, field validation and OpenAPI. */
  schemas: SchemaIndex;
}

/** A Config with what is derived from it (upstream app.CompletedConfig): what the server chain is built from. */
export interface CompletedConfig extends Omit<Config, 'generic'> {
  generic: GenericCompletedConfig;
  controlPlane: ControlPlane;
}

export async function newConfig(opts: CompletedOptions): Promise<Config> {
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
    const authentication = applyAuthenticationTo(opts.authentication);
    const serverRun = applyServerRunTo(opts.generic);
    storage = await newStorageBackend(opts, serverRun.requestTimeoutMs);
    const clientCA = [pki.ca.certPEM, ...(authentication.clientCA ? [authentication.clientCA] : [])].join('\n');
    const servingInfo = applySecureServingTo(secureServing, listener, loadServingCertificate(opts, pki), clientCA);
    const admission = newControlPlaneAdmission();
    const generic: GenericConfig = {
      ...serverRun,
      secureServing: servingInfo,
      externalAddress: joinHostPort(opts.advertiseAddress, servingInfo.port),
      authenticator: authentication.authenticator,
      anonymousAuth: authentication.anonymous,
      authorizer: alwaysAllowAuthorizer,
      admission: admission.handler,
      healthChecks: storage.healthChecks,
      readyzChecks: storage.readyzChecks,
    };
    return { options: opts, generic, pki, storage, admission, schemas: newSchemaIndex(definitions) };
  } catch (err) {
    listener.close();
    await storage?.kv.close();
    throw err;
  }
}

/** Derives what the Config implies: the completed generic config and the control plane's groups. */
export function complete(config: Config): CompletedConfig {
  const generic = completeGenericConfig(config.generic);
  const controlPlane = newControlPlane({
    storage: config.storage.storage,
    keyRoot: config.storage.keyRoot,
    serviceClusterIPRange: config.options.serviceClusterIPRange,
    securePort: generic.secureServing.port,
    advertiseAddress: config.options.advertiseAddress,
    authorizer: generic.authorizer,
    admission: config.admission,
  });
  config.storage.bindResources(servedResources([...controlPlane.kubeGroups, ...controlPlane.apiExtensionsGroups]));
  return { ...config, generic, controlPlane };
}

/** Closes what newConfig opened (listener, store), for a start that fails before serving. */
export async function releaseConfig(config: Config | CompletedConfig): Promise<void> {
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
