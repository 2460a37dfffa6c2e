/**
 * kube-scheduler: the app module (upstream cmd/kube-scheduler/app/server.go). It returns a yargs
 * command that the standalone main and the hyperkube dispatcher both run.
 */
import type { CommandModule } from 'yargs';
import { aggregateError } from '../../../pkg/cli/errors.js';
import { addClientConnectionFlags, validateClientConnection, type ClientConnectionOptions } from '../../../pkg/client/connection-options.js';
import { addLeaderElectionFlags, type LeaderElectionOptions } from '../../../pkg/client/leader-election-options.js';
import { addLogFlags, applyLogOptions, type LogOptions } from '../../../pkg/klog/flags.js';
import * as klog from '../../../pkg/klog/klog.js';
import { setupSignalHandler } from '../../../pkg/server/signal.js';
import { untilAborted } from '../../../pkg/util/wait.js';

export type SchedulerOptions = ClientConnectionOptions & LeaderElectionOptions & LogOptions;

export const schedulerDescription =
  'The Kubernetes scheduler assigns pods to nodes. ' +
  'In this release it validates its flags and waits for a stop signal: scheduling itself arrives in a later release.';

export function newSchedulerCommand(): CommandModule<object, SchedulerOptions> {
  return {
    command: 'kube-scheduler',
    describe: schedulerDescription,
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
export async function run(opts: SchedulerOptions, signal: AbortSignal): Promise<void> {
  klog.info('Starting kube-scheduler', { master: opts.master ?? '', kubeconfig: opts.kubeconfig ?? '', leaderElect: opts['leader-elect'] });
  klog.info('Scheduling is not implemented in this release; waiting for a stop signal');
  await untilAborted(signal);
  klog.info('Stopping kube-scheduler');
}
