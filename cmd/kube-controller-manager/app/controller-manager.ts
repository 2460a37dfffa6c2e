/**
 * kube-controller-manager: the app module (upstream cmd/kube-controller-manager/app). It returns a
 * yargs command that the standalone main and the hyperkube dispatcher both run.
 */
import type { CommandModule } from 'yargs';
import { aggregateError } from '../../../pkg/cli/errors.js';
import { addClientConnectionFlags, validateClientConnection, type ClientConnectionOptions } from '../../../pkg/client/connection-options.js';
import { addLeaderElectionFlags, type LeaderElectionOptions } from '../../../pkg/client/leader-election-options.js';
import { addLogFlags, applyLogOptions, type LogOptions } from '../../../pkg/klog/flags.js';
import * as klog from '../../../pkg/klog/klog.js';
import { setupSignalHandler } from '../../../pkg/server/signal.js';
import { untilAborted } from '../../../pkg/util/wait.js';

export type ControllerManagerOptions = ClientConnectionOptions & LeaderElectionOptions & LogOptions;

export const controllerManagerDescription =
  'The Kubernetes controller manager is a daemon that embeds the core control loops. ' +
  'In this release it validates its flags, connects nothing yet and waits for a stop signal: ' +
  'the controllers themselves arrive in a later release.';

export function newControllerManagerCommand(): CommandModule<object, ControllerManagerOptions> {
  return {
    command: 'kube-controller-manager',
    describe: controllerManagerDescription,
    builder: (argv) => addLogFlags(addLeaderElectionFlags(addClientConnectionFlags(argv))),
    handler: async (opts) => {
      applyLogOptions(opts);
      const err = aggregateError(validateClientConnection(opts));
      if (err) throw err;
      await run(opts, setupSignalHandler());
    },
  };
}

/** Runs until `signal` aborts, then returns after a clean stop. */
export async function run(opts: ControllerManagerOptions, signal: AbortSignal): Promise<void> {
  klog.info('Starting kube-controller-manager', { master: opts.master ?? '', kubeconfig: opts.kubeconfig ?? '', leaderElect: opts['leader-elect'] });
  klog.info('No controllers are enabled in this release; waiting for a stop signal');
  await untilAborted(signal);
  klog.info('Stopping kube-controller-manager');
}
