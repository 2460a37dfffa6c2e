/** Endpoints policy (mirrors pkg/registry/core/endpoint/strategy.go). */
import { setDefaultsEndpoints } from '../../../apis/core/v1/defaults.js';
import type { Endpoints } from '../../../apis/core/v1/types.js';
import { validateEndpoints, validateEndpointsUpdate } from '../../../apis/core/validation/validation-misc.js';
import type { ResourceStrategy } from '../../strategy-types.js';

export const endpointsStrategy = {
  namespaceScoped: true,
  allowCreateOnUpdate: true,
  allowUnconditionalUpdate: true,
  prepareForCreate: (_ctx, ep) => setDefaultsEndpoints(ep),
  validate: (_ctx, ep) => validateEndpoints(ep),
  prepareForUpdate: (_ctx, ep) => setDefaultsEndpoints(ep),
  validateUpdate: (_ctx, ep, old) => validateEndpointsUpdate(ep, old),
} satisfies ResourceStrategy<Endpoints>;
