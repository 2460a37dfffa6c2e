/**
 * Informers for resources known only at run time (mirrors client-go dynamic/dynamicinformer):
 * the same shared factory as the typed one, over the dynamic client, objects as Unstructured.
 * Pair it with discovery to watch every resource of a kind of API, custom resources included.
 */
import type { GroupVersionResource } from '../../apis/meta/v1/types.js';
import { SharedInformerFactory, type SharedInformerFactoryOptions } from '../informers/factory.js';
import type { SharedIndexInformer } from '../tools/cache/shared-informer.js';
import type { DynamicClient, Unstructured } from './client.js';

export class DynamicSharedInformerFactory {
  private readonly factory: SharedInformerFactory;

  constructor(client: DynamicClient, opts: SharedInformerFactoryOptions = {}) {
    this.factory = new SharedInformerFactory(client, opts);
  }

  forResource(gvr: GroupVersionResource): SharedIndexInformer<Unstructured> {
    return this.factory.forResource<Unstructured>(gvr);
  }

  lister(gvr: GroupVersionResource) {
    return this.factory.lister<Unstructured>(gvr);
  }

  start(signal: AbortSignal): void {
    this.factory.start(signal);
  }

  waitForCacheSync(signal?: AbortSignal): Promise<Map<string, boolean>> {
    return this.factory.waitForCacheSync(signal);
  }

  shutdown(): Promise<void> {
    return this.factory.shutdown();
  }
}

export function newDynamicSharedInformerFactory(
  client: DynamicClient,
  opts?: SharedInformerFactoryOptions,
): DynamicSharedInformerFactory {
  return new DynamicSharedInformerFactory(client, opts);
}
