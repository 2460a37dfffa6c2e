/** ServiceAccount policy (mirrors pkg/registry/core/serviceaccount/strategy.go). */
import type { ServiceAccount } from '../../../apis/core/v1/types.js';
import {
  validateServiceAccount,
  validateServiceAccountUpdate,
} from '../../../apis/core/validation/validation-config.js';
import type { ResourceStrategy } from '../../strategy-types.js';

export const serviceAccountStrategy = {
  namespaceScoped: true,
  allowCreateOnUpdate: true,
  allowUnconditionalUpdate: true,
  prepareForCreate: () => {},
  validate: (_ctx, sa) => validateServiceAccount(sa),
  prepareForUpdate: () => {},
  validateUpdate: (_ctx, sa, old) => validateServiceAccountUpdate(sa, old),
} satisfies ResourceStrategy<ServiceAccount>;
