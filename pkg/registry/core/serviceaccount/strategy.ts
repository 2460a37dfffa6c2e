/** ServiceAccount policy (mirrors pkg/registry/core/serviceaccount/strategy.go). */
import type { ServiceAccount } from '../../../apis/core/v1/types.js';
import {
  validateServiceAccount,
  validateServiceAccountUpdate,
} from '../../../apis/core/validation/validation-config.js';
import { plainStrategy } from '../../strategies.js';

export const serviceAccountStrategy = plainStrategy<ServiceAccount>({
  namespaced: true,
  allowCreateOnUpdate: true,
  validate: validateServiceAccount,
  validateUpdate: validateServiceAccountUpdate,
});
