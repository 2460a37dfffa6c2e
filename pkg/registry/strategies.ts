/**
 * Builders for the two strategy shapes most resources share, so that a resource's strategy.ts
 * states only what is particular to it:
 *
 *   plainStrategy        no status (configmaps, roles, leases): defaults + validation
 *   specStatusStrategy   spec/status split (deployments, jobs, ingresses): status reset on create
 *                        and kept on update, metadata.generation 1 on create and +1 when spec changes
 *
 * @example
 * export const replicaSetStrategy = specStatusStrategy<ReplicaSet>({
 *   namespaced: true, defaults: setDefaultsReplicaSet,
 *   validate: validateReplicaSet, validateUpdate: validateReplicaSetUpdate,
 * });
 */
import type { KubeObject } from '../apis/meta/v1/types.js';
import type { FieldError } from '../util/validation/field/errors.js';
import { initGeneration, jsonEqual, preserveStatus, resetStatus } from './rest/status.js';
import type { ResourceStrategy } from './strategy-types.js';

export interface StrategyOptions<T extends KubeObject> {
  namespaced: boolean;
  /** The version's defaulting (upstream runs it on every decoded request body). */
  defaults?: (obj: T) => void;
  validate: (obj: T) => FieldError[];
  validateUpdate: (obj: T, old: T) => FieldError[];
  /** Default false; RBAC objects, leases and services are created by PUT. */
  allowCreateOnUpdate?: boolean;
  /** Default true: an update without metadata.resourceVersion overwrites. */
  allowUnconditionalUpdate?: boolean;
  /** Runs last in prepareForCreate. */
  prepareForCreate?: (obj: T) => void;
  /** Runs last in prepareForUpdate. */
  prepareForUpdate?: (obj: T, old: T) => void;
}

export function plainStrategy<T extends KubeObject>(o: StrategyOptions<T>): ResourceStrategy<T> {
  return {
    namespaceScoped: o.namespaced,
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
}

export interface SpecStatusStrategyOptions<T extends KubeObject> extends StrategyOptions<T> {
  /**
   * Whether this update bumps metadata.generation; default: spec changed. Deployments also count
   * annotation changes; false disables generation tracking (kinds that have none).
   */
  generationChanged?: ((obj: T, old: T) => boolean) | false;
  /**
   * The status a new object starts with: upstream's zero-valued status struct as Go serializes it
   * (fields without omitempty stay, e.g. `{replicas: 0}` for replica sets); default `{}`.
   * Ignored with hasStatus false.
   */
  initialStatus?: () => Record<string, unknown>;
  /** False for kinds with generation tracking but no status (networkpolicies). Default true. */
  hasStatus?: boolean;
}

export const specChanged = (obj: KubeObject, old: KubeObject): boolean => !jsonEqual(obj.spec, old.spec);

export function specStatusStrategy<T extends KubeObject>(o: SpecStatusStrategyOptions<T>): ResourceStrategy<T> {
  const changed = o.generationChanged === undefined ? specChanged : o.generationChanged;
  return {
    ...plainStrategy(o),
    prepareForCreate(_ctx, obj) {
      if (o.hasStatus === false) delete obj.status;
      else if (o.initialStatus) (obj as KubeObject).status = o.initialStatus();
      else resetStatus(obj);
      if (changed !== false) initGeneration(obj);
      o.defaults?.(obj);
      o.prepareForCreate?.(obj);
    },
    prepareForUpdate(_ctx, obj, old) {
      if (o.hasStatus !== false) preserveStatus(obj, old);
      o.defaults?.(obj);
      if (changed !== false && changed(obj, old)) obj.metadata.generation = (old.metadata.generation ?? 0) + 1;
      o.prepareForUpdate?.(obj, old);
    },
  };
}
