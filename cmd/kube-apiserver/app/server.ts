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
import { builtinGroupPriority } from '../../../pkg/controlplane/resources.js';
import { installOpenAPI } from '../../../pkg/server/routes/openapi.js';
import { runCompactor } from '../../../pkg/storage/compactor.js';
import {
  GenericAPIServer,
  newNotFoundDelegate,
  type DelegationTarget,
  type PreparedGenericAPIServer,
} from '../../../pkg/server/genericapiserver.js';
import { setupSignalHandler } from '../../../pkg/server/signal.js';
import { versionString } from '../../../pkg/version/version.js';
import { complete, newConfig, releaseConfig, type CompletedConfig } from './config.js';
import { writeAdminKubeconfigHook } from './kubeconfig.js';
import { complete as completeOptions, type CompletedOptions } from './options/completion.js';
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
      const completed = completeOptions(fromArgv(flags));
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
    prepared = createServerChain(complete(config)).prepareRun();
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
  server.installAPIGroups(config.controlPlane.apiExtensionsGroups, {
    groupPriority: builtinGroupPriority,
    schemas: config.schemas,
  });
  return server;
}

/** Serves the built-in API groups, `/api`, and the work the control plane does at start. */
function createKubeAPIServer(config: CompletedConfig, delegate: DelegationTarget): GenericAPIServer {
  const server = new GenericAPIServer('kube-apiserver', config.generic, delegate);
  const { controlPlane } = config;
  server.installAPIGroups(controlPlane.kubeGroups, { groupPriority: builtinGroupPriority, schemas: config.schemas });
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
 * Fronts the chain and serves `/apis` and `/openapi/v3` for every group of every server, from the
 * shared catalog. Unlike upstream's aggregator it proxies nothing: there is no APIService API.
 */
function createAggregatorServer(config: CompletedConfig, delegate: DelegationTarget): GenericAPIServer {
  const server = new GenericAPIServer('kube-aggregator', config.generic, delegate);
  server.installGroupsRoot();
  installOpenAPI(server.mux, config.generic.catalog, config.schemas.definitions);
  return server;
}
