/**
 * kube-scheduler: the app module (upstream cmd/kube-scheduler/app/server.go). It returns a yargs
 * command that the standalone main and the hyperkube dispatcher both run.
 *
 *   flags → SchedulerOptions → newConfig() (validates, loads the kubeconfig) → run(config, signal)
 */
import type { Argv, CommandModule } from 'yargs';
import { aggregateError } from '../../../pkg/cli/errors.js';
import {
  logClientComponentConfig,
  newClientComponentConfig,
  stopReason,
  validateLeaderElection,
  type ClientComponentConfig,
} from '../../../pkg/client/component-config.js';
import { newClientsetForConfig } from '../../../pkg/client/kubernetes/clientset.js';
import { runWithLeaderElection } from '../../../pkg/client/leader-election.js';
import { defaultKubernetesUserAgent } from '../../../pkg/client/rest/user-agent.js';
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
  'In this release it validates its flags and client configuration, takes its leader lease and waits for a ' +
  'stop signal: scheduling itself arrives in a later release.';

export function newSchedulerCommand(): CommandModule<object, SchedulerOptions> {
  return {
    command: 'kube-scheduler',
    describe: schedulerDescription,
    builder: (argv) => addSchedulerFlags(argv),
    handler: async (opts) => {
      applyLogOptions(opts);
      await run(newConfig(opts), setupSignalHandler());
    },
  };
}

export function addSchedulerFlags<T>(argv: Argv<T>): Argv<T & SchedulerOptions> {
  return addLogFlags(addLeaderElectionFlags(addClientConnectionFlags(argv), 'kube-scheduler'));
}

/** Validates the options and loads the client configuration; throws with every problem found. */
export function newConfig(opts: SchedulerOptions, env: NodeJS.ProcessEnv = process.env): CompletedConfig {
  const config = newClientComponentConfig(opts, env);
  const err = aggregateError(validateLeaderElection(config.leaderElection));
  if (err) throw err;
  return config;
}

/**
 * Runs until `signal` aborts, then returns after a clean stop. With --leader-elect it holds the
 * Lease kube-system/kube-scheduler while it runs, as upstream; losing it exits 1 (`exit`).
 */
export async function run(
  c: CompletedConfig,
  signal: AbortSignal,
  exit: (code: number) => void = (code) => process.exit(code),
): Promise<void> {
  klog.info('Starting Kubernetes Scheduler', { version: kubernetesGitVersion, server: c.client.host });
  logClientComponentConfig(c);
  // The client's timers do not hold the process open (a candidate waiting for the lease would
  // otherwise exit with nothing left to do): this does, until the component stops.
  const keepAlive = setInterval(() => {}, 2 ** 30);
  const schedule = async (leading: AbortSignal) => {
    klog.info('Scheduling is not implemented in this release; waiting for a stop signal');
    await untilAborted(leading);
  };
  try {
    const le = c.leaderElection;
    if (!le.leaderElect) {
      await schedule(signal);
    } else {
      const clientset = newClientsetForConfig({
        ...c.client,
        userAgent: `${defaultKubernetesUserAgent('kube-scheduler')}/leader-election`,
      });
      try {
        await runWithLeaderElection(
          {
            component: le.resourceName,
            namespace: le.resourceNamespace,
            clientset,
            leaseDurationMs: le.leaseDurationMs,
            renewDeadlineMs: le.renewDeadlineMs,
            retryPeriodMs: le.retryPeriodMs,
            exit,
            run: schedule,
          },
          signal,
        );
      } finally {
        await clientset.close();
      }
    }
  } finally {
    clearInterval(keepAlive);
  }
  klog.info('Stopping kube-scheduler', { reason: stopReason(signal) });
}
