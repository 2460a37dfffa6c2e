/**
 * Running a component under leader election, as kube-controller-manager and kube-scheduler do
 * with `--leader-elect`: campaign for the Lease `kube-system/<component>` with identity
 * `<hostname>_<uuid>`; once elected run the component's work; when the lease is lost, log
 * `leaderelection lost` and exit 1 (upstream's klog.FlushAndExit), so a supervisor restarts a
 * fresh candidate rather than one whose controllers may still act. A requested stop (the signal)
 * ends normally.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import * as klog from '../klog/klog.js';
import type { Clientset } from './kubernetes/clientset.js';
import { leases } from './kubernetes/resources.js';
import {
  defaultLeaseDurationMs,
  defaultRenewDeadlineMs,
  defaultRetryPeriodMs,
  LeaderElector,
} from './tools/leaderelection/leaderelection.js';
import { LeaseLock } from './tools/leaderelection/resourcelock/leaselock.js';
import type { EventRecorder } from './tools/record/event.js';
import type { Clock } from './util/clock/clock.js';

export interface ComponentLeaderElectionOptions {
  /** The lease name, e.g. `kube-controller-manager`. */
  component: string;
  clientset: Clientset;
  /** The component's work: runs while leading, must stop when `signal` aborts. */
  run(signal: AbortSignal): Promise<void>;
  /** Default `kube-system`. */
  namespace?: string;
  /** Default `<hostname>_<uuid>`. */
  identity?: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  /** Announces leadership changes as events on the Lease. */
  recorder?: EventRecorder;
  clock?: Clock;
  /** What losing the lease does after logging; default process.exit. */
  exit?: (code: number) => void;
}

export function defaultLeaderElectionIdentity(): string {
  return `${hostname()}_${randomUUID()}`;
}

/**
 * Campaigns and runs `opts.run` while leading, until `signal` aborts (then resolves once the work
 * has stopped) or leadership is lost (then exit 1).
 */
export async function runWithLeaderElection(opts: ComponentLeaderElectionOptions, signal: AbortSignal): Promise<void> {
  const identity = opts.identity ?? defaultLeaderElectionIdentity();
  const lock = new LeaseLock({
    leases: opts.clientset.resource(leases),
    namespace: opts.namespace ?? 'kube-system',
    name: opts.component,
    identity,
    ...(opts.recorder ? { recorder: opts.recorder } : {}),
  });
  const exit = opts.exit ?? ((code: number) => process.exit(code));
  let work: Promise<void> | undefined;
  const elector = new LeaderElector({
    lock,
    name: opts.component,
    leaseDurationMs: opts.leaseDurationMs ?? defaultLeaseDurationMs,
    renewDeadlineMs: opts.renewDeadlineMs ?? defaultRenewDeadlineMs,
    retryPeriodMs: opts.retryPeriodMs ?? defaultRetryPeriodMs,
    ...(opts.clock ? { clock: opts.clock } : {}),
    callbacks: {
      onStartedLeading: (leading) => {
        work = opts.run(leading);
        return work;
      },
      onStoppedLeading: () => {
        if (signal.aborted) {
          klog.info('Requested to terminate, exiting');
          return;
        }
        klog.error(undefined, 'leaderelection lost');
        exit(1);
      },
      onNewLeader: (leader) => {
        if (leader && leader !== identity) klog.info('New leader elected', { identity: leader });
      },
    },
  });
  await elector.run(signal);
  // A requested stop lets the work finish; a lost lease has exited already (or, with an injected exit, waits too).
  await work?.catch(() => {});
}
