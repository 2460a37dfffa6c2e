/**
 * kube-scheduler: the app module (upstream cmd/kube-scheduler/app/server.go). It returns a yargs
 * command that the standalone main and the hyperkube dispatcher both run.
 *
 *   flags → SchedulerOptions → newConfig() (validates, loads the kubeconfig) → run(config, signal)
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

export type SchedulerOptions = ClientConnectionOptions & LeaderElectionOptions & LogOptions;

/** Everything run() needs, already validated. */
export type CompletedConfig = ClientComponentConfig;

export const schedulerDescription =
  'The Kubernetes scheduler assigns pods to nodes. ' +
  'In this release it validates its flags and client configuration, then waits for a stop signal: ' +
  'scheduling itself arrives in a later release.';

export function newSchedulerCommand(): CommandModule<object, SchedulerOptions> {
  return {
    command: 'kube-scheduler',
    describe: schedulerDescription,
    builder: (argv) => addLogFlags(addLeaderElectionFlags(addClientConnectionFlags(argv))),
    handler: async (opts) => {
      applyLogOptions(opts);
      await run(newConfig(opts), setupSignalHandler());
    },
  };
}

/** Validates the options and loads the client configuration; throws with every problem found. */
export function newConfig(opts: SchedulerOptions, env: NodeJS.ProcessEnv = process.env): CompletedConfig {
  return newClientComponentConfig(opts, env);
}

/** Runs until `signal` aborts, then returns after a clean stop. */
export async function run(c: CompletedConfig, signal: AbortSignal): Promise<void> {
  klog.info('Starting Kubernetes Scheduler', {
    version: kubernetesGitVersion,
    server: c.client.host,
    leaderElect: c.leaderElect,
  });
  logClientComponentConfig(c);
  klog.info('Scheduling is not implemented in this release; waiting for a stop signal');
  await untilAborted(signal);
  klog.info('Stopping kube-scheduler', { reason: stopReason(signal) });
}
