/**
 * What a fresh control plane must contain, made true at every start and kept true while it runs
 * (upstream spreads this over post-start hooks and controllers: system namespaces, the
 * kubernetes Service and its endpoints, the system priority classes):
 *
 *   start ─▶ ensure everything ─▶ every interval: ensure everything again ─▶ … until the signal aborts
 *                 (a failed pass is logged and retried sooner, with backoff)
 *
 * Every step is idempotent: creating what is missing, correcting what drifted, never deleting.
 * The Service's clusterIP is allocated by the services storage itself (its ipallocator hooks),
 * so that the address is recorded like any other.
 */
import type { Endpoints, Namespace, Service } from '../../apis/core/v1/types.js';
import type { EndpointSlice } from '../../apis/discovery/v1/types.js';
import type { PriorityClass } from '../../apis/scheduling/v1/types.js';
import * as klog from '../../klog/klog.js';
import { newSystemContext } from '../../endpoints/request/context.js';
import type { Creater } from '../../registry/rest/rest.js';
import { sleep } from '../../util/wait.js';
import {
  ensureKubernetesEndpoints,
  ensureKubernetesEndpointSlice,
  ensureKubernetesService,
  type KubernetesServiceConfig,
  type ObjectStorage,
} from './kubernetes-service.js';
import { ensureSystemPriorityClasses } from './priority-classes.js';
import { ensureSystemNamespaces } from './system-namespaces.js';

export interface BootstrapOptions extends KubernetesServiceConfig {
  namespaces: Creater<Namespace>;
  services: ObjectStorage<Service>;
  endpoints: ObjectStorage<Endpoints>;
  /** discovery.k8s.io/v1 endpointslices, when served. */
  endpointSlices?: ObjectStorage<EndpointSlice>;
  /** scheduling.k8s.io/v1 priorityclasses, when served. */
  priorityClasses?: Creater<PriorityClass>;
}

function isLoopbackIP(ip: string): boolean {
  return ip.startsWith('127.') || ip === '::1';
}

/** One idempotent pass. Throws the first failure (the next pass retries). */
export async function bootstrapControlPlane(opts: BootstrapOptions, signal?: AbortSignal): Promise<void> {
  const cluster = newSystemContext(undefined, signal);
  const inDefault = newSystemContext('default', signal);
  await ensureSystemNamespaces(opts.namespaces, cluster);
  if (opts.priorityClasses) await ensureSystemPriorityClasses(opts.priorityClasses, cluster);
  await ensureKubernetesService(opts.services, inDefault, opts);
  // Endpoints may not point at loopback (upstream validation): on a host with no other address the
  // service exists without endpoints rather than the bootstrap failing for ever.
  if (isLoopbackIP(opts.advertiseAddress)) return;
  await ensureKubernetesEndpoints(opts.endpoints, inDefault, opts);
  if (opts.endpointSlices) await ensureKubernetesEndpointSlice(opts.endpointSlices, inDefault, opts);
}

export interface BootstrapControllerOptions {
  /** How often a healthy control plane is re-checked (upstream's reconcilers: about 10 s to 1 min). */
  intervalMs?: number;
  /** First retry delay after a failed pass; doubles up to intervalMs. */
  retryMs?: number;
}

/**
 * Runs bootstrap passes until `signal` aborts. Resolves `ready` after the first successful pass
 * (the server can report itself ready then); `done` once stopped.
 */
export function runBootstrapController(
  opts: BootstrapOptions,
  signal: AbortSignal,
  ctl: BootstrapControllerOptions = {},
): { ready: Promise<void>; done: Promise<void> } {
  const intervalMs = ctl.intervalMs ?? 60_000;
  const retryMs = ctl.retryMs ?? 200;
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const done = (async () => {
    let delay = retryMs;
    while (!signal.aborted) {
      try {
        await bootstrapControlPlane(opts, signal);
        markReady();
        delay = retryMs;
        await sleep(intervalMs, signal);
      } catch (err) {
        if (signal.aborted) break;
        klog.error(err, 'control plane bootstrap pass failed, retrying', { retryInMs: delay });
        await sleep(delay, signal);
        delay = Math.min(delay * 2, intervalMs);
      }
    }
  })();
  return { ready, done };
}
