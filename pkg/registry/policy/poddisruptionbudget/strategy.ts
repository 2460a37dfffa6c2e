/** PodDisruptionBudget policy (mirrors pkg/registry/policy/poddisruptionbudget/strategy.go). */
import type { PodDisruptionBudget } from '../../../apis/policy/v1/types.js';
import {
  validatePodDisruptionBudget,
  validatePodDisruptionBudgetStatusUpdate,
  validatePodDisruptionBudgetUpdate,
} from '../../../apis/policy/validation/validation.js';
import { specStatusStrategy } from '../../strategies.js';
import { statusStrategy } from '../../subresource/status.js';

export const podDisruptionBudgetStrategy = specStatusStrategy<PodDisruptionBudget>({
  namespaced: true,
  validate: validatePodDisruptionBudget,
  validateUpdate: validatePodDisruptionBudgetUpdate,
  // PodDisruptionBudgetStatus's counters are not omitempty.
  initialStatus: () => ({ disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 }),
});

export const podDisruptionBudgetStatusStrategy = statusStrategy(podDisruptionBudgetStrategy, {
  validateStatusUpdate: validatePodDisruptionBudgetStatusUpdate,
});
