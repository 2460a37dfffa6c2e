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
import type { StoreOptions } from '../generic/registry/store-options.js';
import { newStore } from '../generic/registry/store.js';
import type { RequestContext } from '../rest/context.js';
import type { RESTCreateStrategy } from '../rest/create.js';
import type { Getter, Updater } from '../rest/rest.js';
import { preserveAllButStatus } from '../rest/status.js';
import type { RESTUpdateStrategy } from '../rest/update.js';

export type Strategy<T extends KubeObject> = RESTCreateStrategy<T> & RESTUpdateStrategy<T>;

export interface StatusStrategyOptions<T extends KubeObject> {
  /** The kind's status update validation (e.g. validatePodStatusUpdate). */
  validateStatusUpdate: (obj: T, old: T) => FieldError[];
  /** Runs after the non-status fields were restored, e.g. defaulting or clearing what the endpoint may not set. */
  prepare?: (obj: T, old: T) => void;
}

/** A status strategy derived from the main one: same scope and create-on-update policy. */
export function statusStrategy<T extends KubeObject>(main: Strategy<T>, opts: StatusStrategyOptions<T>): Strategy<T> {
  return {
    namespaceScoped: main.namespaceScoped,
    allowCreateOnUpdate: false,
    allowUnconditionalUpdate: main.allowUnconditionalUpdate,
    // Never called: a status store serves no create; present because StoreOptions takes one strategy pair.
    prepareForCreate: (ctx: RequestContext, obj: T) => main.prepareForCreate(ctx, obj),
    validate: (ctx: RequestContext, obj: T) => main.validate(ctx, obj),
    prepareForUpdate(_ctx, obj, old) {
      preserveAllButStatus(obj, old);
      opts.prepare?.(obj, old);
    },
    validateUpdate: (_ctx, obj, old) => opts.validateStatusUpdate(obj, old),
  };
}

/**
 * The REST storage of `<resource>/status`: get and update (patch) only, over the main resource's
 * storage with the status strategy.
 */
export function newStatusStorage<T extends KubeObject>(
  options: StoreOptions<T>,
  strategy: Strategy<T>,
): Getter & Updater {
  const store = newStore<T>({ ...options, subresource: 'status', createStrategy: strategy, updateStrategy: strategy });
  return {
    get: (ctx, name, o) => store.get(ctx, name, o),
    update: (ctx, name, info, o) => store.update(ctx, name, info, o),
  };
}
