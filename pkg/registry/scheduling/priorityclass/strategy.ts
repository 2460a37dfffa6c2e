/** PriorityClass policy (mirrors pkg/registry/scheduling/priorityclass/strategy.go). */
import type { PriorityClass } from '../../../apis/scheduling/v1/types.js';
import {
  setDefaultsPriorityClass,
  validatePriorityClass,
  validatePriorityClassUpdate,
} from '../../../apis/scheduling/validation/validation.js';
import { plainStrategy } from '../../strategies.js';

export const priorityClassStrategy = plainStrategy<PriorityClass>({
  namespaced: false,
  defaults: setDefaultsPriorityClass,
  validate: validatePriorityClass,
  validateUpdate: validatePriorityClassUpdate,
});
