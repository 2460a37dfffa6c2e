/**
 * The strategy shape every resource strategy in pkg/registry/<group>/<resource> satisfies:
 * create, update and delete policy in one plain object (upstream's `var Strategy = …Strategy{}`),
 * built with the builders of ../strategies.ts (status strategies with ../subresource/status.ts).
 */
import type { KubeObject } from '../../apis/meta/v1/types.js';
import type { RESTCreateStrategy } from './create.js';
import type { RESTDeleteStrategy, RESTGracefulDeleteStrategy } from './delete.js';
import type { RESTUpdateStrategy } from './update.js';

export type ResourceStrategy<T extends KubeObject> = RESTCreateStrategy<T> &
  RESTUpdateStrategy<T> &
  RESTDeleteStrategy &
  Partial<RESTGracefulDeleteStrategy<T>>;
