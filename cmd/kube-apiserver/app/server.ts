/**
 * kube-apiserver: the app module (mirrors cmd/kube-apiserver/app/server.go). The main line:
 *
 *   newAPIServerCommand → run → createServerChain → prepareRun → prepared.run → nonBlockingRun
 *     → secureServingInfo.serve → runServer
 *
 * The standalone main (cmd/kube-apiserver/apiserver.ts) and `hyperkube apiserver` both run the
 * command returned here.
 */
import type { CommandModule } from 'yargs';
import { aggregateError } from '../../../pkg/cli/errors.js';
import { applyLogOptions } from '../../../pkg/klog/flags.js';
import * as klog from '../../../pkg/klog/klog.js';
import { installGroupsRoot, installLegacyRoot } from '../../../pkg/endpoints/discovery/root.js';
import { sortGroups } from '../../../pkg/controlplane/resources.js';
import { installAPIGroup } from '../../../pkg/endpoints/installer.js';
import { groupVersionsFromCatalog } from '../../../pkg/openapi/resources.js';
import { buildOpenAPIV3Service } from '../../../pkg/openapi/v3/service.js';
import { installOpenAPIV3 } from '../../../pkg/server/routes/openapi.js';
import { runCompactor } from '../../../pkg/storage/compactor.js';
import { joinHostPort } from '../../../pkg/server/secure-serving.js';
import {
  GenericAPIServer,
  newNotFoundDelegate,
  type DelegationTarget,
  type PreparedGenericAPIServer,
} from '../../../pkg/server/genericapiserver.js';
import { setupSignalHandler } from '../../../pkg/server/signal.js';
import { versionString } from '../../../pkg/version/version.js';
import { newConfig, releaseConfig, type CompletedConfig } from './config.js';
import { writeAdminKubeconfigHook } from './kubeconfig.js';
import { complete, type CompletedOptions } from './options/completion.js';
import { addFlags, fromArgv, type ServerRunFlags } from './options/options.js';
import { validate } from './options/validation.js';

export const apiServerDescription =
  'The Kubernetes API server validates and configures data for the api objects which include pods, services, ' +
  'replicationcontrollers, and others. The API Server services REST operations and provides the frontend to ' +
  "the cluster's shared state through which all other components interact.";

export function newAPIServerCommand(): CommandModule<object, ServerRunFlags> {
  return {
    command: 'kube-apiserver',
    describe: apiServerDescription,
    builder: (argv) => addFlags(argv),
    handler: async (flags) => {
      applyLogOptions(flags);
      const completed = complete(fromArgv(flags));
      const err = aggregateError(validate(completed));
      if (err) throw err;
      await run(completed, setupSignalHandler());
    },
  };
}

/** Runs the apiserver until `signal` aborts, then stops gracefully and returns. */
export async function run(opts: CompletedOptions, signal: AbortSignal): Promise<void> {
  klog.info('Version', { version: versionString(), node: process.version });
  const config = await newConfig(opts);
  let prepared: PreparedGenericAPIServer;
  try {
    prepared = createServerChain(config).prepareRun();
  } catch (err) {
    // Nothing is serving yet: release the port and the store so the error ends the process.
    await releaseConfig(config);
    throw err;
  }
  await prepared.run(signal);
}

/**
 * The chain of servers, each delegating what it does not serve to the next (mirrors
 * CreateServerChain): aggregator → kube-apiserver → apiextensions → a Status 404.
 */
export function createServerChain(config: CompletedConfig): GenericAPIServer {
  const apiExtensionsServer = createAPIExtensionsServer(config, newNotFoundDelegate());
  const kubeAPIServer = createKubeAPIServer(config, apiExtensionsServer);
  return createAggregatorServer(config, kubeAPIServer);
}

/** Serves CustomResourceDefinitions (apiextensions.k8s.io). The custom resources they define are not served. */
function createAPIExtensionsServer(config: CompletedConfig, delegate: DelegationTarget): GenericAPIServer {
  const server = new GenericAPIServer('apiextensions-apiserver', config.generic, delegate);
  for (const group of config.controlPlane.apiExtensionsGroups)
    installAPIGroup(server.mux, group, { schemas: config.schemas });
  return server;
}

/** Serves the built-in API groups, `/api`, and the work the control plane does at start. */
function createKubeAPIServer(config: CompletedConfig, delegate: DelegationTarget): GenericAPIServer {
  const server = new GenericAPIServer('kube-apiserver', config.generic, delegate);
  const { controlPlane } = config;
  for (const group of controlPlane.kubeGroups) installAPIGroup(server.mux, group, { schemas: config.schemas });
  const core = controlPlane.kubeGroups.find((g) => g.group === '');
  if (core)
    installLegacyRoot(
      server.mux,
      core,
      joinHostPort(config.options.advertiseAddress, config.generic.secureServing.port),
    );
  for (const [name, hook] of controlPlane.postStartHooks) server.addPostStartHook(name, hook);
  server.addPostStartHook(
    'start-storage-compactor',
    async (signal) => void runCompactor(config.storage.kv, { signal }),
  );
  server.addPostStartHook('write-admin-kubeconfig', writeAdminKubeconfigHook(config));
  // Last: flush and release the store once nothing can write to it any more.
  server.addPreShutdownHook('close-storage', () => config.storage.kv.close());
  return server;
}

/**
 * Fronts the chain and serves `/apis` and `/openapi/v3` for every group of every server. Unlike
 * upstream's aggregator it proxies nothing: there is no APIService API.
 */
function createAggregatorServer(config: CompletedConfig, delegate: DelegationTarget): GenericAPIServer {
  const server = new GenericAPIServer('kube-aggregator', config.generic, delegate);
  const groups = sortGroups([...config.controlPlane.kubeGroups, ...config.controlPlane.apiExtensionsGroups]);
  installGroupsRoot(server.mux, groups);
  installOpenAPIV3(server.mux, async () =>
    buildOpenAPIV3Service({ groupVersions: groupVersionsFromCatalog(groups), definitions: config.schemas.definitions }),
  );
  return server;
}
