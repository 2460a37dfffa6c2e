/**
 * What kube-controller-manager and kube-scheduler share before their own work starts: how to reach
 * the apiserver (from --kubeconfig / --master, or in-cluster) and how to elect a leader.
 */
import * as klog from '../klog/klog.js';
import { authenticationMethod, buildConfigFromFlags, type RESTConfig } from './tools/clientcmd/client-config.js';
import type { ClientConnectionOptions } from './connection-options.js';
import type { LeaderElectionOptions } from './leader-election-options.js';
import { jitterFactor } from './tools/leaderelection/leaderelection.js';

/** Upstream's LeaderElectionConfiguration (component-base config). */
export interface LeaderElectionConfig {
  leaderElect: boolean;
  leaseDurationMs: number;
  renewDeadlineMs: number;
  retryPeriodMs: number;
  resourceLock: string;
  resourceName: string;
  resourceNamespace: string;
}

export interface ClientComponentConfig {
  /** How to reach the apiserver. */
  client: RESTConfig;
  leaderElection: LeaderElectionConfig;
}

export function newClientComponentConfig(
  opts: ClientConnectionOptions & LeaderElectionOptions,
  env: NodeJS.ProcessEnv = process.env,
): ClientComponentConfig {
  return {
    client: buildConfigFromFlags(opts.master, opts.kubeconfig, env),
    leaderElection: {
      leaderElect: opts['leader-elect'],
      leaseDurationMs: opts['leader-elect-lease-duration'],
      renewDeadlineMs: opts['leader-elect-renew-deadline'],
      retryPeriodMs: opts['leader-elect-retry-period'],
      resourceLock: opts['leader-elect-resource-lock'],
      resourceName: opts['leader-elect-resource-name'],
      resourceNamespace: opts['leader-elect-resource-namespace'],
    },
  };
}

/**
 * Leader election problems, worded as upstream's flag validation (the lock type) and its
 * LeaderElector (the timing), so a bad combination fails at start rather than once elected.
 */
export function validateLeaderElection(c: LeaderElectionConfig): string[] {
  if (!c.leaderElect) return [];
  const errs: string[] = [];
  if (c.resourceLock !== 'leases') errs.push('resourceLock value must be "leases"');
  if (c.leaseDurationMs <= c.renewDeadlineMs) errs.push('leaseDuration must be greater than renewDeadline');
  if (c.renewDeadlineMs <= jitterFactor * c.retryPeriodMs) {
    errs.push('renewDeadline must be greater than retryPeriod*JitterFactor');
  }
  if (c.leaseDurationMs < 1) errs.push('leaseDuration must be greater than zero');
  if (c.renewDeadlineMs < 1) errs.push('renewDeadline must be greater than zero');
  if (c.retryPeriodMs < 1) errs.push('retryPeriod must be greater than zero');
  return errs;
}

/** The start-up line both components log: the client configuration (at --v=2). */
export function logClientComponentConfig(c: ClientComponentConfig): void {
  klog.v(2).info('Client configuration', {
    server: c.client.host,
    authentication: authenticationMethod(c.client),
    insecureSkipTLSVerify: c.client.tlsClientConfig.insecure,
  });
}

/** Why a component stopped, from its stop signal. */
export function stopReason(signal: AbortSignal): string {
  return signal.reason instanceof Error ? signal.reason.message : String(signal.reason);
}
