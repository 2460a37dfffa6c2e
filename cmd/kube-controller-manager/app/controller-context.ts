/**
 * What every controller is started with (mirrors cmd/kube-controller-manager/app's
 * ControllerContext and ControllerDescriptor): clients under the controller's own name, the shared
 * informer factories (one watch per resource for the whole process), discovery and a RESTMapper
 * for controllers that follow every resource (namespace deletion, garbage collection), an event
 * recorder, and the options the controllers read.
 *
 * A controller lives in pkg/controller/<name> and knows nothing of this file: its constructor
 * takes informers and a clientset, as upstream's do. The descriptors here wire them.
 */
import type { DiscoveryClient } from '../../../pkg/client/discovery/discovery-client.js';
import type { DynamicClient } from '../../../pkg/client/dynamic/client.js';
import type { DynamicSharedInformerFactory } from '../../../pkg/client/dynamic/dynamicinformer.js';
import type { SharedInformerFactory } from '../../../pkg/client/informers/factory.js';
import type { Clientset } from '../../../pkg/client/kubernetes/clientset.js';
import type { DeferredDiscoveryRESTMapper } from '../../../pkg/client/restmapper/restmapper.js';
import type { EventRecorder } from '../../../pkg/client/tools/record/event.js';

export interface ControllerContext {
  /**
   * A clientset whose user agent names the controller (upstream ClientBuilder.ClientOrDie(name)),
   * with its own client-side rate limit: --kube-api-qps/--kube-api-burst, or `rateLimit` for a
   * controller that needs more (upstream raises the namespace and garbage collectors' config).
   */
  client(controllerName: string, rateLimit?: RateLimit): Clientset;
  dynamicClient(controllerName: string, rateLimit?: RateLimit): DynamicClient;
  /** Typed informers, shared by every controller; started once all controllers are initialized. */
  informerFactory: SharedInformerFactory;
  /** Informers for resources found by discovery (custom resources included). */
  dynamicInformerFactory: DynamicSharedInformerFactory;
  discovery: DiscoveryClient;
  restMapper: DeferredDiscoveryRESTMapper;
  /** Records Events as `component` (e.g. `deployment-controller`). */
  eventRecorder(component: string): EventRecorder;
  /** Aborted when the controller manager stops (or loses its lease). */
  signal: AbortSignal;
  /** Flag values the controllers read (`--concurrent-*-syncs`, resync period, …). */
  options: ControllerOptions;
}

export interface RateLimit {
  qps: number;
  burst: number;
}

export interface ControllerOptions {
  /** --kube-api-qps / --kube-api-burst: each controller client's rate limit. */
  rateLimit: RateLimit;
  /** --min-resync-period: informer resync is a random period between this and twice it (upstream ResyncPeriod). */
  minResyncPeriodMs: number;
  /** Workers per controller (upstream --concurrent-<name>-syncs), by controller name. */
  concurrentSyncs: ReadonlyMap<string, number>;
  /** --namespace-sync-period: how often every namespace is looked at again. */
  namespaceSyncPeriodMs: number;
  /** --enable-garbage-collector. */
  enableGarbageCollector: boolean;
  /** The CA bundle (PEM) published as `kube-root-ca.crt`: --root-ca-file, else the kubeconfig's CA. */
  rootCA: string | undefined;
}

/** A running controller; `done` settles when it has stopped after the context's signal aborted. */
export interface RunningController {
  done: Promise<void>;
}

export interface ControllerDescriptor {
  /** Upstream's name, as `--controllers` takes it (`deployment-controller`, `garbage-collector-controller`). */
  name: string;
  /** Short names `--controllers` also accepts (`deployment`, `garbagecollector`). */
  aliases: readonly string[];
  /** Off unless named in `--controllers` (upstream's disabled-by-default controllers). */
  disabledByDefault?: boolean;
  /** Builds and starts the controller; undefined when it decides not to run (e.g. a feature is off). */
  init(ctx: ControllerContext): Promise<RunningController | undefined>;
}
