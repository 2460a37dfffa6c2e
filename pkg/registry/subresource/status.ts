/**
 * The `/status` subresource, shared by every resource that has one (upstream repeats a
 * statusStrategy in each strategy.go): same storage as the main resource, but an update keeps
 * everything except status (and metadata, which the Store guards) from the stored object.
 *
 *   main:    PUT /apis/apps/v1/namespaces/ns/deployments/web         status ignored, spec taken
 *   status:  PUT /apis/apps/v1/namespaces/ns/deployments/web/status  spec ignored, status taken
 */
import type { KubeObject } from '../../apis/meta/v1/types.js';
import type { FieldError } from '../../util/validation/field/errors.js';
import type { Store } from '../generic/registry/store.js';
import type { Getter, Updater } from '../rest/rest.js';
import { preserveAllButStatus } from '../rest/status.js';
import type { ResourceStrategy } from '../rest/strategy.js';

export interface StatusStrategyOptions<T extends KubeObject> {
  /** The kind's status update validation (e.g. validatePodStatusUpdate). */
  validateStatusUpdate: (obj: T, old: T) => FieldError[];
  /** Runs after the non-status fields were restored, e.g. defaulting or clearing what the endpoint may not set. */
  prepare?: (obj: T, old: T) => void;
}

/** A status strategy derived from the main one: same scope and create-on-update policy. */
export function statusStrategy<T extends KubeObject>(
  main: ResourceStrategy<T>,
  opts: StatusStrategyOptions<T>,
): ResourceStrategy<T> {
  return {
    namespaceScoped: main.namespaceScoped,
    allowCreateOnUpdate: false,
    allowUnconditionalUpdate: main.allowUnconditionalUpdate,
    // Reached only when an update through /status may create the object (forceAllowCreate): a new
    // object gets the main resource's create policy.
    prepareForCreate: (ctx, obj) => main.prepareForCreate(ctx, obj),
    validate: (ctx, obj) => main.validate(ctx, obj),
    prepareForUpdate(_ctx, obj, old) {
      preserveAllButStatus(obj, old);
      opts.prepare?.(obj, old);
    },
    validateUpdate: (_ctx, obj, old) => opts.validateStatusUpdate(obj, old),
  };
}

/** What GET and PUT/PATCH `<resource>/status` serve. */
export type StatusREST<T extends KubeObject> = Getter<T> & Updater<T>;

/** The REST storage of `<resource>/status`: get and update (patch) only, over the parent's objects with the status strategy. */
export function newStatusREST<T extends KubeObject>(parent: Store<T>, strategy: ResourceStrategy<T>): StatusREST<T> {
  const store = parent.forSubresource('status', strategy);
  return {
    get: (ctx, name, o) => store.get(ctx, name, o),
    update: (ctx, name, info, o) => store.update(ctx, name, info, o),
  };
}
