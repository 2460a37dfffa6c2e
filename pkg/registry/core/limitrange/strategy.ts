/** LimitRange policy (mirrors pkg/registry/core/limitrange/strategy.go). */
import { setDefaultsLimitRange } from '../../../apis/core/v1/defaults.js';
import type { LimitRange } from '../../../apis/core/v1/types.js';
import { validateLimitRange, validateLimitRangeUpdate } from '../../../apis/core/validation/validation-resources.js';
import { plainStrategy } from '../../strategies.js';

export const limitRangeStrategy = plainStrategy<LimitRange>({
  namespaced: true,
  allowCreateOnUpdate: true,
  defaults: setDefaultsLimitRange,
  validate: validateLimitRange,
  validateUpdate: validateLimitRangeUpdate,
});
