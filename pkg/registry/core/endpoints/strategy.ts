/** Endpoints policy (mirrors pkg/registry/core/endpoint/strategy.go). */
import { setDefaultsEndpoints } from '../../../apis/core/v1/defaults.js';
import type { Endpoints } from '../../../apis/core/v1/types.js';
import { validateEndpoints, validateEndpointsUpdate } from '../../../apis/core/validation/validation-misc.js';
import { plainStrategy } from '../../strategies.js';

export const endpointsStrategy = plainStrategy<Endpoints>({
  namespaced: true,
  allowCreateOnUpdate: true,
  defaults: setDefaultsEndpoints,
  validate: validateEndpoints,
  validateUpdate: validateEndpointsUpdate,
});
