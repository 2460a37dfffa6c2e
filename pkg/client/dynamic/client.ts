/**
 * The dynamic client (mirrors client-go dynamic.DynamicClient): any group/version/resource,
 * objects as plain JSON (client-go's Unstructured). Built-in kinds and custom resources go
 * through the same verbs; discovery (../discovery) tells which resources exist.
 */
import type { GroupVersionResource, KubeObject } from '../../apis/meta/v1/types.js';
import type { RESTConfig } from '../tools/clientcmd/client-config.js';
import { RESTClient, type RESTClientOptions } from '../rest/client.js';
import { ResourceClient } from '../rest/resource.js';

/** An object of any kind: what the dynamic client reads and writes. */
export type Unstructured = KubeObject;

export class DynamicClient {
  constructor(readonly restClient: RESTClient) {}

  /** The handle for `gvr`; `.namespace(ns)` scopes it to one namespace. */
  resource(gvr: GroupVersionResource): ResourceClient<Unstructured> {
    return new ResourceClient<Unstructured>(this.restClient, gvr);
  }
}

export function newDynamicClientForConfig(config: RESTConfig, opts: RESTClientOptions = {}): DynamicClient {
  return new DynamicClient(new RESTClient(config, opts));
}
