/** ReplicationController policy (mirrors pkg/registry/core/replicationcontroller/strategy.go). */
import { setDefaultsReplicationController } from '../../../apis/core/v1/defaults.js';
import type { ReplicationController } from '../../../apis/core/v1/types.js';
import {
  validateReplicationController,
  validateReplicationControllerStatusUpdate,
  validateReplicationControllerUpdate,
} from '../../../apis/core/validation/validation-misc.js';
import { specStatusStrategy } from '../../strategies.js';
import { statusStrategy } from '../../subresource/status.js';

export const replicationControllerStrategy = specStatusStrategy<ReplicationController>({
  namespaced: true,
  defaults: setDefaultsReplicationController,
  // v1 orphaned pods before garbage collection existed; upstream keeps that default for it.
  defaultGarbageCollectionPolicy: 'OrphanDependents',
  validate: validateReplicationController,
  validateUpdate: validateReplicationControllerUpdate,
  // Go serializes the zero status with its non-omitempty replicas field.
  initialStatus: () => ({ replicas: 0 }),
});

export const replicationControllerStatusStrategy = statusStrategy(replicationControllerStrategy, {
  validateStatusUpdate: validateReplicationControllerStatusUpdate,
});

/** Field selectors on replication controllers (upstream ControllerToSelectableFields). */
export const replicationControllerSelectableFields = {
  'status.replicas': (rc: ReplicationController) => String(rc.status?.replicas ?? 0),
};
