/**
 * What kube-controller-manager and kube-scheduler share before their own work starts: how to reach
 * the apiserver (from --kubeconfig / --master, or in-cluster) and whether to elect a leader.
 */
import * as klog from '../klog/klog.js';
import { authenticationMethod, buildConfigFromFlags, type RESTConfig } from './tools/clientcmd/client-config.js';
import type { ClientConnectionOptions } from './connection-options.js';
import type { LeaderElectionOptions } from './leader-election-options.js';

export interface ClientComponentConfig {
  /** How to reach the apiserver. */
  client: RESTConfig;
  leaderElect: boolean;
}

export function newClientComponentConfig(
  opts: ClientConnectionOptions & LeaderElectionOptions,
  env: NodeJS.ProcessEnv = process.env,
): ClientComponentConfig {
  return { client: buildConfigFromFlags(opts.master, opts.kubeconfig, env), leaderElect: opts['leader-elect'] };
}

/** The start-up lines both components log: the client configuration (at --v=2) and the leader-election caveat. */
export function logClientComponentConfig(c: ClientComponentConfig): void {
  klog.v(2).info('Client configuration', {
    server: c.client.host,
    authentication: authenticationMethod(c.client),
    insecureSkipTLSVerify: c.client.tlsClientConfig.insecure,
  });
  if (c.leaderElect) klog.warning('Leader election is not implemented in this release; running without it');
}

/** Why a component stopped, from its stop signal. */
export function stopReason(signal: AbortSignal): string {
  return signal.reason instanceof Error ? signal.reason.message : String(signal.reason);
}
