/**
 * Delete policy for one resource (mirrors k8s.io/apiserver/pkg/registry/rest/delete.go
 * RESTDeleteStrategy and RESTGracefulDeleteStrategy).
 */
import type { DeleteOptions, KubeObject } from '../../apis/meta/v1/types.js';
import type { RequestContext } from './context.js';

export interface RESTDeleteStrategy {
  readonly namespaceScoped: boolean;
}

/**
 * A resource whose objects are deleted gracefully (pods): the Store marks them with
 * deletionTimestamp + deletionGracePeriodSeconds instead of removing them at once, and something
 * else (the kubelet) finishes the delete with gracePeriodSeconds=0.
 */
export interface RESTGracefulDeleteStrategy {
  /**
   * Decides whether `obj` is deleted gracefully and may adjust `options.gracePeriodSeconds`
   * (e.g. fill it from the object's spec.terminationGracePeriodSeconds). Returns false for an
   * immediate delete. Called with a copy of the options; mutating them is how the grace period is chosen.
   */
  checkGracefulDelete(ctx: RequestContext, obj: KubeObject, options: DeleteOptions): boolean;
}
