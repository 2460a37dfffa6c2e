/**
 * The way a resource's strategy is written (upstream's strategy.go), so that a resource's
 * strategy.ts states only what is particular to it. Two shapes:
 *
 *   plainStrategy        no status subresource (configmaps, roles, leases): defaults + validation
 *   specStatusStrategy   spec/status split (deployments, pods, services): a new object's status is
 *                        set by the server and updates keep the stored one (only /status changes it);
 *                        metadata.generation 1 on create and +1 when spec changes, where tracked
 *
 * Status subresources derive their strategy from the main one with `statusStrategy`
 * (./subresource/status.ts).
 *
 * @example
 * export const replicaSetStrategy = specStatusStrategy<ReplicaSet>({
 *   namespaced: true, defaults: setDefaultsReplicaSet,
 *   validate: validateReplicaSet, validateUpdate: validateReplicaSetUpdate,
 *   initialStatus: () => ({ replicas: 0 }),
 * });
 */
import type { DeleteOptions, KubeObject } from '../apis/meta/v1/types.js';
import type { FieldError } from '../util/validation/field/errors.js';
import type { RequestContext } from '../endpoints/request/context.js';
import type { GarbageCollectionPolicy } from './rest/delete.js';
import { initGeneration, jsonEqual, preserveStatus, resetStatus } from './rest/status.js';
import type { ResourceStrategy } from './rest/strategy.js';

export interface StrategyOptions<T extends KubeObject> {
  namespaced: boolean;
  /** The version's defaulting (upstream runs it on every decoded request body). */
  defaults?: (obj: T) => void;
  validate: (obj: T) => FieldError[];
  validateUpdate: (obj: T, old: T) => FieldError[];
  /** Default false; RBAC objects, leases, events and services are created by PUT. */
  allowCreateOnUpdate?: boolean;
  /** Default true: an update without metadata.resourceVersion overwrites. */
  allowUnconditionalUpdate?: boolean;
  /** Runs last in prepareForCreate. */
  prepareForCreate?: (obj: T) => void;
  /** Runs last in prepareForUpdate. */
  prepareForUpdate?: (obj: T, old: T) => void;
  /** Puts a valid object into canonical form before it is stored (after validation). */
  canonicalize?: (obj: T) => void;
  /** Graceful deletion (pods): see RESTGracefulDeleteStrategy. */
  checkGracefulDelete?: (ctx: RequestContext, obj: T, options: DeleteOptions) => boolean;
  /** What a delete without a propagation policy does to dependents; default DeleteDependents. */
  defaultGarbageCollectionPolicy?: GarbageCollectionPolicy;
}

export function plainStrategy<T extends KubeObject>(o: StrategyOptions<T>): ResourceStrategy<T> {
  const strategy: ResourceStrategy<T> = {
    namespaceScoped: o.namespaced,
    ...(o.defaultGarbageCollectionPolicy ? { defaultGarbageCollectionPolicy: o.defaultGarbageCollectionPolicy } : {}),
    allowCreateOnUpdate: o.allowCreateOnUpdate ?? false,
    allowUnconditionalUpdate: o.allowUnconditionalUpdate ?? true,
    prepareForCreate(_ctx, obj) {
      o.defaults?.(obj);
      o.prepareForCreate?.(obj);
    },
    validate: (_ctx, obj) => o.validate(obj),
    prepareForUpdate(_ctx, obj, old) {
      o.defaults?.(obj);
      o.prepareForUpdate?.(obj, old);
    },
    validateUpdate: (_ctx, obj, old) => o.validateUpdate(obj, old),
  };
  if (o.canonicalize) strategy.canonicalize = o.canonicalize;
  if (o.checkGracefulDelete) strategy.checkGracefulDelete = o.checkGracefulDelete;
  return strategy;
}

export interface SpecStatusStrategyOptions<T extends KubeObject> extends StrategyOptions<T> {
  /**
   * Whether this update bumps metadata.generation; default: spec changed. Deployments also count
   * annotation changes; false for kinds without generation tracking (pods, services, volumes).
   */
  generationChanged?: ((obj: T, old: T) => boolean) | false;
  /**
   * The status a new object starts with, whatever the client sent: upstream's zero-valued status
   * struct as Go serializes it (fields without omitempty stay, e.g. `{replicas: 0}` for replica
   * sets); default `{}`. 'asSent' keeps the client's (kubelets register nodes with their status);
   * 'none' drops it and leaves status alone on update (kinds that track generation but have no
   * status: networkpolicies, ingressclasses).
   */
  initialStatus?: (() => NonNullable<T['status']>) | 'asSent' | 'none';
}

export const specChanged = (obj: KubeObject, old: KubeObject): boolean => !jsonEqual(obj.spec, old.spec);

export function specStatusStrategy<T extends KubeObject>(o: SpecStatusStrategyOptions<T>): ResourceStrategy<T> {
  const changed = o.generationChanged === undefined ? specChanged : o.generationChanged;
  const initial = o.initialStatus;
  return {
    ...plainStrategy(o),
    prepareForCreate(_ctx, obj) {
      if (initial === 'none') delete obj.status;
      else if (typeof initial === 'function') resetStatus(obj, initial());
      else if (initial !== 'asSent') resetStatus(obj);
      if (changed !== false) initGeneration(obj);
      o.defaults?.(obj);
      o.prepareForCreate?.(obj);
    },
    prepareForUpdate(_ctx, obj, old) {
      if (initial !== 'none') preserveStatus(obj, old);
      o.defaults?.(obj);
      if (changed !== false && changed(obj, old)) obj.metadata.generation = (old.metadata.generation ?? 0) + 1;
      o.prepareForUpdate?.(obj, old);
    },
  };
}
