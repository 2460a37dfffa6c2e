/**
 * Upstream's component-base leader election flags (config/options.BindLeaderElectionFlags),
 * shared by controller-manager and scheduler: whether to elect a leader, the lease timing and
 * which Lease to hold. Durations take Go's syntax (`15s`, `1m`) and fail parsing as pflag's
 * duration flags do.
 */
import type { Argv } from 'yargs';
import { parseDuration } from '../util/duration.js';
import {
  defaultLeaseDurationMs,
  defaultRenewDeadlineMs,
  defaultRetryPeriodMs,
} from './tools/leaderelection/leaderelection.js';

export interface LeaderElectionOptions {
  'leader-elect': boolean;
  /** Milliseconds. */
  'leader-elect-lease-duration': number;
  'leader-elect-renew-deadline': number;
  'leader-elect-retry-period': number;
  'leader-elect-resource-lock': string;
  'leader-elect-resource-name': string;
  'leader-elect-resource-namespace': string;
}

/** A duration flag's value in milliseconds; pflag's message for one that does not parse. */
export function durationFlag(flag: string): (value: unknown) => number {
  return (value) => {
    // A repeated flag arrives as an array before the last-one-wins middleware runs.
    const text = String(Array.isArray(value) ? value.at(-1) : value);
    try {
      return parseDuration(text);
    } catch (err) {
      throw new Error(
        `invalid argument ${JSON.stringify(text)} for "--${flag}" flag: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
  };
}

/** `resourceName` is the component's Lease name (`kube-controller-manager`, `kube-scheduler`). */
export function addLeaderElectionFlags<T>(argv: Argv<T>, resourceName: string): Argv<T & LeaderElectionOptions> {
  const group = 'Leader election flags:';
  const duration = (flag: string, defaultMs: number, describe: string) =>
    ({
      requiresArg: true,
      // A Go duration string: yargs passes defaults through coerce too.
      default: `${defaultMs / 1000}s`,
      coerce: durationFlag(flag),
      describe,
      group,
    }) as const;
  return argv
    .option('leader-elect', {
      type: 'boolean',
      default: true,
      describe:
        'Start a leader election client and gain leadership before executing the main loop. Enable this when running replicated components for high availability.',
      group,
    })
    .option(
      'leader-elect-lease-duration',
      duration(
        'leader-elect-lease-duration',
        defaultLeaseDurationMs,
        'The duration that non-leader candidates will wait after observing a leadership renewal until attempting to acquire leadership of a led but unrenewed leader slot. This is effectively the maximum duration that a leader can be stopped before it is replaced by another candidate. This is only applicable if leader election is enabled.',
      ),
    )
    .option(
      'leader-elect-renew-deadline',
      duration(
        'leader-elect-renew-deadline',
        defaultRenewDeadlineMs,
        'The interval between attempts by the acting master to renew a leadership slot before it stops leading. This must be less than the lease duration. This is only applicable if leader election is enabled.',
      ),
    )
    .option(
      'leader-elect-retry-period',
      duration(
        'leader-elect-retry-period',
        defaultRetryPeriodMs,
        'The duration the clients should wait between attempting acquisition and renewal of a leadership. This is only applicable if leader election is enabled.',
      ),
    )
    .option('leader-elect-resource-lock', {
      type: 'string',
      requiresArg: true,
      default: 'leases',
      describe:
        "The type of resource object that is used for locking during leader election. Supported options are 'leases'.",
      group,
    })
    .option('leader-elect-resource-name', {
      type: 'string',
      requiresArg: true,
      default: resourceName,
      describe: 'The name of resource object that is used for locking during leader election.',
      group,
    })
    .option('leader-elect-resource-namespace', {
      type: 'string',
      requiresArg: true,
      default: 'kube-system',
      describe: 'The namespace of resource object that is used for locking during leader election.',
      group,
    }) as Argv<T & LeaderElectionOptions>;
}
