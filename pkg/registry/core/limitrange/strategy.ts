/** LimitRange policy (mirrors pkg/registry/core/limitrange/strategy.go). */
import { setDefaultsLimitRange } from '../../../apis/core/v1/defaults.js';
import type { LimitRange } from '../../../apis/core/v1/types.js';
import { validateLimitRange, validateLimitRangeUpdate } from '../../../apis/core/validation/validation-resources.js';
import type { ResourceStrategy } from '../../strategy-types.js';

export const limitRangeStrategy = {
  namespaceScoped: true,
  allowCreateOnUpdate: true,
  allowUnconditionalUpdate: true,
  prepareForCreate: (_ctx, lr) => setDefaultsLimitRange(lr),
  validate: (_ctx, lr) => validateLimitRange(lr),
  prepareForUpdate: (_ctx, lr) => setDefaultsLimitRange(lr),
  validateUpdate: (_ctx, lr, old) => validateLimitRangeUpdate(lr, old),
} satisfies ResourceStrategy<LimitRange>;
