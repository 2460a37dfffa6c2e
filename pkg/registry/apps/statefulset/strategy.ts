/** StatefulSet policy (mirrors pkg/registry/apps/statefulset/strategy.go). */
import { setDefaultsStatefulSet } from '../../../apis/apps/v1/defaults.js';
import type { StatefulSet } from '../../../apis/apps/v1/types.js';
import {
  validateStatefulSet,
  validateStatefulSetStatusUpdate,
  validateStatefulSetUpdate,
} from '../../../apis/apps/validation/validation-statefulset.js';
import { specStatusStrategy } from '../../strategies.js';
import { statusStrategy } from '../../subresource/status.js';

export const statefulSetStrategy = specStatusStrategy<StatefulSet>({
  namespaced: true,
  defaults: setDefaultsStatefulSet,
  validate: validateStatefulSet,
  validateUpdate: validateStatefulSetUpdate,
  initialStatus: () => ({ replicas: 0, availableReplicas: 0 }),
});

export const statefulSetStatusStrategy = statusStrategy(statefulSetStrategy, {
  validateStatusUpdate: validateStatefulSetStatusUpdate,
});
