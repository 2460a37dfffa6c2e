/**
 * Building the ControllerContext (mirrors CreateControllerContext in controllermanager.go): a
 * client per controller, one shared informer factory whose informers drop managedFields (as
 * upstream's trim transform), discovery and a RESTMapper refreshed every 30 s, and event
 * recorders on one broadcaster. Waits first for the apiserver to be healthy, as upstream does
 * when the two start together.
 */
import { setMaxListeners } from 'node:events';
import type { KubeObject } from '../../../pkg/apis/meta/v1/types.js';
import type { RESTConfig } from '../../../pkg/client/tools/clientcmd/client-config.js';
import { DiscoveryClient } from '../../../pkg/client/discovery/discovery-client.js';
import { newDynamicClientForConfig, type DynamicClient } from '../../../pkg/client/dynamic/client.js';
import { newDynamicSharedInformerFactory } from '../../../pkg/client/dynamic/dynamicinformer.js';
import { SharedInformerFactory, type SharedInformerFactoryOptions } from '../../../pkg/client/informers/factory.js';
import { newClientsetForConfig, type Clientset } from '../../../pkg/client/kubernetes/clientset.js';
import type { ResourceType } from '../../../pkg/client/kubernetes/resources.js';
import { RESTClient } from '../../../pkg/client/rest/client.js';
import type { ResourceRef } from '../../../pkg/client/rest/resource.js';
import { defaultKubernetesUserAgent } from '../../../pkg/client/rest/user-agent.js';
import { DeferredDiscoveryRESTMapper } from '../../../pkg/client/restmapper/restmapper.js';
import type { SharedIndexInformer } from '../../../pkg/client/tools/cache/shared-informer.js';
import type { EventBroadcaster } from '../../../pkg/client/tools/record/event.js';
import * as klog from '../../../pkg/klog/klog.js';
import { sleep } from '../../../pkg/util/wait.js';
import type { ControllerContext, ControllerOptions, RateLimit } from './controller-context.js';

/** The user agent of a controller's client: `kube-controller-manager/v1.33.x (os/arch) kubernetes/<sha>/<name>`. */
export function controllerUserAgent(controllerName: string): string {
  return `${defaultKubernetesUserAgent('kube-controller-manager')}/${controllerName}`;
}

/** A shared factory whose informers drop managedFields before caching: controllers never read them. */
class TrimmingInformerFactory extends SharedInformerFactory {
  private readonly trimmed = new WeakSet<object>();

  override forResource<T extends KubeObject>(type: ResourceType<T>): SharedIndexInformer<T>;
  override forResource<T extends KubeObject = KubeObject>(ref: ResourceRef): SharedIndexInformer<T>;
  override forResource<T extends KubeObject>(ref: ResourceRef): SharedIndexInformer<T> {
    const informer = super.forResource<T>(ref);
    // The factory only starts informers in start(), after this first request set the transform.
    if (!this.trimmed.has(informer)) {
      this.trimmed.add(informer);
      informer.setTransform(trimManagedFields);
    }
    return informer;
  }
}

function trimManagedFields<T extends KubeObject>(obj: T): T {
  if (obj.metadata.managedFields !== undefined) delete obj.metadata.managedFields;
  return obj;
}

/** What a built context holds that must be stopped or closed with it. */
export interface BuiltControllerContext {
  ctx: ControllerContext;
  /** Starts every informer requested so far (call after the controllers were initialized). */
  startInformers(): void;
  /** Waits for the informers to stop (after the signal aborted) and closes every client. */
  close(): Promise<void>;
}

export interface ContextConfig {
  client: RESTConfig;
  options: ControllerOptions;
  broadcaster: EventBroadcaster;
  /** How long to wait for the apiserver's /healthz (upstream: 10 s). */
  apiServerWaitMs?: number;
}

export async function createControllerContext(c: ContextConfig, stop: AbortSignal): Promise<BuiltControllerContext> {
  // Every informer, worker and wait listens to this one signal: more than Node's default of ten.
  const controller = new AbortController();
  setMaxListeners(0, controller.signal);
  const signal = controller.signal;
  if (stop.aborted) controller.abort(stop.reason);
  else stop.addEventListener('abort', () => controller.abort(stop.reason), { once: true });
  const closers: (() => Promise<void>)[] = [];
  const config = (name: string, rateLimit: RateLimit = c.options.rateLimit): RESTConfig => ({
    ...c.client,
    userAgent: controllerUserAgent(name),
    qps: rateLimit.qps,
    burst: rateLimit.burst,
  });
  const client = (name: string, rateLimit?: RateLimit): Clientset => {
    const cs = newClientsetForConfig(config(name, rateLimit));
    closers.push(() => cs.close());
    return cs;
  };
  const dynamicClient = (name: string, rateLimit?: RateLimit): DynamicClient => {
    const dc = newDynamicClientForConfig(config(name, rateLimit));
    closers.push(() => dc.restClient.close());
    return dc;
  };
  try {
    await waitForAPIServer(client('health-check').restClient, c.apiServerWaitMs ?? 10_000, signal);
  } catch (err) {
    await Promise.all(closers.map((close) => close()));
    throw err;
  }

  const resync = c.options.minResyncPeriodMs;
  const factoryOptions: SharedInformerFactoryOptions = {
    // Resync between the minimum and twice it, so that controllers do not all relist at once (upstream ResyncPeriod).
    defaultResyncMs: resync > 0 ? Math.floor(resync * (1 + Math.random())) : 0,
  };
  const informerFactory = new TrimmingInformerFactory(client('shared-informers'), factoryOptions);
  const dynamicInformerFactory = newDynamicSharedInformerFactory(dynamicClient('dynamic-informers'), factoryOptions);
  const discoveryREST = new RESTClient(config('controller-discovery'));
  closers.push(() => discoveryREST.close());
  const discovery = new DiscoveryClient(discoveryREST);
  const restMapper = new DeferredDiscoveryRESTMapper(discovery);
  // New kinds (CRDs) become mappable without a restart.
  const mapperRefresh = (async () => {
    while (await sleep(30_000, signal)) restMapper.reset();
  })();

  const ctx: ControllerContext = {
    client,
    dynamicClient,
    informerFactory,
    dynamicInformerFactory,
    discovery,
    restMapper,
    eventRecorder: (component) => c.broadcaster.newRecorder({ component }),
    signal,
    options: c.options,
  };
  return {
    ctx,
    startInformers: () => {
      informerFactory.start(signal);
      dynamicInformerFactory.start(signal);
    },
    close: async () => {
      await Promise.all([informerFactory.shutdown(), dynamicInformerFactory.shutdown(), mapperRefresh]);
      await Promise.all(closers.map((close) => close()));
    },
  };
}

/**
 * Polls /healthz once a second until it answers ok (upstream WaitForAPIServer); throws
 * `failed to wait for apiserver being healthy: …` after `timeoutMs`.
 */
export async function waitForAPIServer(rest: RESTClient, timeoutMs: number, signal: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = 'timed out waiting for the condition';
  for (;;) {
    try {
      const res = await rest.requestRaw({ method: 'GET', path: '/healthz', signal });
      if (res.text.trim() === 'ok') return;
      klog.info("Server isn't healthy yet. Waiting a little while.", { healthz: res.text.trim() });
    } catch (err) {
      signal.throwIfAborted();
      last = err instanceof Error ? err.message : String(err);
      klog.info('Failed to get apiserver /healthz status', { err: last });
    }
    if (Date.now() + 1000 > deadline) {
      throw new Error(
        `failed to wait for apiserver being healthy: timed out waiting for the condition (last: ${last})`,
      );
    }
    if (!(await sleep(1000, signal))) signal.throwIfAborted();
  }
}
