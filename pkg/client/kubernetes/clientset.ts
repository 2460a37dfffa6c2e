/**
 * The typed client (the role of client-go's kubernetes.Clientset): one RESTClient, and a typed
 * handle per resource. `resource(pods).namespace('default').get('web')` resolves to a Pod.
 *
 * @example
 *   const cs = newClientsetForConfig(buildConfigFromFlags(undefined, kubeconfig));
 *   const cm = await cs.resource(configMaps).namespace('default').create({ metadata: { name: 'x' } });
 */
import type { KubeObject } from '../../apis/meta/v1/types.js';
import type { RESTConfig } from '../tools/clientcmd/client-config.js';
import { RESTClient, type RESTClientOptions } from '../rest/client.js';
import { ResourceClient, type ResourceRef } from '../rest/resource.js';
import type { ResourceType } from './resources.js';

export class Clientset {
  constructor(readonly restClient: RESTClient) {}

  /** The typed handle for `type` (cluster-wide; `.namespace(ns)` scopes it). */
  resource<T extends KubeObject>(type: ResourceType<T>): ResourceClient<T>;
  /** A handle for any resource, typed as the caller says. */
  resource<T extends KubeObject = KubeObject>(ref: ResourceRef): ResourceClient<T>;
  resource<T extends KubeObject>(ref: ResourceRef): ResourceClient<T> {
    return new ResourceClient<T>(this.restClient, ref);
  }

  close(): Promise<void> {
    return this.restClient.close();
  }
}

export function newClientsetForConfig(config: RESTConfig, opts: RESTClientOptions = {}): Clientset {
  return new Clientset(new RESTClient(config, opts));
}
