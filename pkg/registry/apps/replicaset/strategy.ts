/** ReplicaSet policy (mirrors pkg/registry/apps/replicaset/strategy.go). */
import { setDefaultsReplicaSet } from '../../../apis/apps/v1/defaults.js';
import type { ReplicaSet } from '../../../apis/apps/v1/types.js';
import {
  validateReplicaSet,
  validateReplicaSetStatusUpdate,
  validateReplicaSetUpdate,
} from '../../../apis/apps/validation/validation.js';
import { specStatusStrategy } from '../../strategies.js';
import { statusStrategy } from '../../subresource/status.js';

export const replicaSetStrategy = specStatusStrategy<ReplicaSet>({
  namespaced: true,
  defaults: setDefaultsReplicaSet,
  validate: validateReplicaSet,
  validateUpdate: validateReplicaSetUpdate,
  initialStatus: () => ({ replicas: 0 }),
});

export const replicaSetStatusStrategy = statusStrategy(replicaSetStrategy, {
  validateStatusUpdate: validateReplicaSetStatusUpdate,
});

/** Field selectors on replica sets (upstream ReplicaSetToSelectableFields). */
export const replicaSetSelectableFields = { 'status.replicas': (rs: ReplicaSet) => String(rs.status?.replicas ?? 0) };
