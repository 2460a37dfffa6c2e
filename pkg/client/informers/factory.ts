/**
 * The shared informer factory (mirrors client-go informers.SharedInformerFactory and
 * dynamicinformer.DynamicSharedInformerFactory, which differ only in object type here): one
 * informer per group/version/resource, handed to whoever asks, so every controller of a process
 * shares one watch per resource.
 *
 * @example
 *   const factory = newSharedInformerFactory(clientset, { defaultResyncMs: 0 });
 *   const podInformer = factory.forResource(pods);
 *   podInformer.addEventHandler({ onAdd: (p) => queue.add(metaNamespaceKeyFunc(p)) });
 *   factory.start(signal);
 *   await factory.waitForCacheSync(signal);
 *   const lister = factory.lister(pods);
 */
import type { GroupVersionResource, KubeObject } from '../../apis/meta/v1/types.js';
import type { ResourceType } from '../kubernetes/resources.js';
import type { RESTClient } from '../rest/client.js';
import { type ListOptions, ResourceClient, type ResourceRef } from '../rest/resource.js';
import { type Lister, newLister } from '../tools/cache/listers.js';
import type { ListerWatcher } from '../tools/cache/reflector.js';
import { SharedIndexInformer, type SharedIndexInformerOptions } from '../tools/cache/shared-informer.js';

export interface SharedInformerFactoryOptions
  extends Pick<SharedIndexInformerOptions<KubeObject>, 'clock' | 'backoff' | 'minWatchTimeoutMs' | 'pageSize'> {
  /** Watch only this namespace (default: all). */
  namespace?: string;
  /** Resync period of handlers added without one (default 0: none). */
  defaultResyncMs?: number;
  /** Narrows every list and watch (label or field selectors). */
  tweakListOptions?: (opts: ListOptions) => ListOptions;
}

/** Anything holding a RESTClient: a Clientset or a DynamicClient. */
export interface HasRESTClient {
  readonly restClient: RESTClient;
}

export class SharedInformerFactory {
  private readonly informers = new Map<string, SharedIndexInformer<KubeObject>>();
  private readonly running = new Map<string, Promise<void>>();

  constructor(
    private readonly client: HasRESTClient,
    private readonly opts: SharedInformerFactoryOptions = {},
  ) {}

  /** The informer for `type`, created on first request and shared after. */
  forResource<T extends KubeObject>(type: ResourceType<T>): SharedIndexInformer<T>;
  forResource<T extends KubeObject = KubeObject>(ref: ResourceRef): SharedIndexInformer<T>;
  forResource<T extends KubeObject>(ref: ResourceRef): SharedIndexInformer<T> {
    const key = gvrKey(ref);
    let informer = this.informers.get(key);
    if (!informer) {
      const created = new SharedIndexInformer<T>(this.listerWatcher<T>(ref), {
        ...this.opts,
        name: ref.group ? `${ref.resource}.${ref.group}` : ref.resource,
      });
      // One map holds informers of every object type; each is only handed back for its own key.
      informer = created as unknown as SharedIndexInformer<KubeObject>;
      this.informers.set(key, informer);
    }
    return informer as unknown as SharedIndexInformer<T>;
  }

  /** A lister over `type`'s informer cache (creating the informer if needed). */
  lister<T extends KubeObject>(type: ResourceType<T>): Lister<T>;
  lister<T extends KubeObject = KubeObject>(ref: ResourceRef): Lister<T>;
  lister<T extends KubeObject>(ref: ResourceRef): Lister<T> {
    return newLister(this.forResource<T>(ref).getIndexer(), { group: ref.group, resource: ref.resource });
  }

  /** Starts every informer not yet started; call again after asking for more informers. */
  start(signal: AbortSignal): void {
    for (const [key, informer] of this.informers) {
      if (this.running.has(key)) continue;
      this.running.set(key, informer.run(signal));
    }
  }

  /** Waits until every started informer has synced; maps each resource to whether it did (false: aborted). */
  async waitForCacheSync(signal?: AbortSignal): Promise<Map<string, boolean>> {
    const out = new Map<string, boolean>();
    for (const key of this.running.keys()) {
      const informer = this.informers.get(key);
      if (informer) out.set(key, await informer.waitForSync(signal));
    }
    return out;
  }

  /** Resolves once every started informer has stopped (after the start signal aborted). */
  async shutdown(): Promise<void> {
    await Promise.all(this.running.values());
  }

  private listerWatcher<T extends KubeObject>(ref: ResourceRef): ListerWatcher<T> {
    let rc = new ResourceClient<T>(this.client.restClient, ref);
    if (this.opts.namespace && ref.namespaced !== false) rc = rc.namespace(this.opts.namespace);
    const tweak = this.opts.tweakListOptions ?? ((o: ListOptions) => o);
    return { list: (o) => rc.list(tweak({ ...o })), watch: (o) => rc.watch(tweak({ ...o })) };
  }
}

/** `v1/configmaps`, `apps/v1/deployments`: the keys waitForCacheSync reports by. */
function gvrKey(gvr: GroupVersionResource): string {
  return gvr.group ? `${gvr.group}/${gvr.version}/${gvr.resource}` : `${gvr.version}/${gvr.resource}`;
}

/** A factory for typed informers over a Clientset. */
export function newSharedInformerFactory(
  client: HasRESTClient,
  opts?: SharedInformerFactoryOptions,
): SharedInformerFactory {
  return new SharedInformerFactory(client, opts);
}
