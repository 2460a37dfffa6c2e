/**
 * kube-controller-manager: the app module (upstream cmd/kube-controller-manager/app). It returns a
 * yargs command that the standalone main and the hyperkube dispatcher both run.
 *
 *   flags → ControllerManagerOptions → newConfig() (validates, loads the kubeconfig) → run(config, signal)
 */
import type { CommandModule } from 'yargs';
import {
  logClientComponentConfig,
  newClientComponentConfig,
  stopReason,
  type ClientComponentConfig,
} from '../../../pkg/client/component-config.js';
import { addClientConnectionFlags, type ClientConnectionOptions } from '../../../pkg/client/connection-options.js';
import { addLeaderElectionFlags, type LeaderElectionOptions } from '../../../pkg/client/leader-election-options.js';
import { addLogFlags, applyLogOptions, type LogOptions } from '../../../pkg/klog/flags.js';
import * as klog from '../../../pkg/klog/klog.js';
import { setupSignalHandler } from '../../../pkg/server/signal.js';
import { untilAborted } from '../../../pkg/util/wait.js';
import { kubernetesGitVersion } from '../../../pkg/version/version.js';

export type ControllerManagerOptions = ClientConnectionOptions & LeaderElectionOptions & LogOptions;

/** Everything run() needs, already validated. */
export type CompletedConfig = ClientComponentConfig;

export const controllerManagerDescription =
  'The Kubernetes controller manager is a daemon that embeds the core control loops. ' +
  'In this release it validates its flags and client configuration, then waits for a stop signal: ' +
  'the controllers themselves arrive in a later release.';

export function newControllerManagerCommand(): CommandModule<object, ControllerManagerOptions> {
  return {
    command: 'kube-controller-manager',
    describe: controllerManagerDescription,
    builder: (argv) => addLogFlags(addLeaderElectionFlags(addClientConnectionFlags(argv))),
    handler: async (opts) => {
      applyLogOptions(opts);
      await run(newConfig(opts), setupSignalHandler());
    },
  };
}

/** Validates the options and loads the client configuration; throws with every problem found. */
export function newConfig(opts: ControllerManagerOptions, env: NodeJS.ProcessEnv = process.env): CompletedConfig {
  return newClientComponentConfig(opts, env);
}

/** Runs until `signal` aborts, then returns after a clean stop. */
export async function run(c: CompletedConfig, signal: AbortSignal): Promise<void> {
  klog.info('Starting kube-controller-manager', {
    version: kubernetesGitVersion,
    server: c.client.host,
    leaderElect: c.leaderElect,
  });
  logClientComponentConfig(c);
  klog.info('No controllers are enabled in this release; waiting for a stop signal');
  await untilAborted(signal);
  klog.info('Stopping kube-controller-manager', { reason: stopReason(signal) });
}
