/** ReplicationController policy (mirrors pkg/registry/core/replicationcontroller/strategy.go). */
import { setDefaultsReplicationController } from '../../../apis/core/v1/defaults.js';
import type { ReplicationController } from '../../../apis/core/v1/types.js';
import {
  validateReplicationController,
  validateReplicationControllerStatusUpdate,
  validateReplicationControllerUpdate,
} from '../../../apis/core/validation/validation-misc.js';
import { incrementGenerationOnSpecChange, initGeneration, preserveStatus } from '../../rest/status.js';
import type { ResourceStrategy } from '../../strategy-types.js';
import { statusStrategy } from '../../subresource/status.js';

export const replicationControllerStrategy = {
  namespaceScoped: true,
  allowCreateOnUpdate: false,
  allowUnconditionalUpdate: true,
  prepareForCreate(_ctx, rc) {
    // Go serializes the zero status with its non-omitempty replicas field.
    rc.status = { replicas: 0 };
    initGeneration(rc);
    setDefaultsReplicationController(rc);
  },
  validate: (_ctx, rc) => validateReplicationController(rc),
  prepareForUpdate(_ctx, rc, old) {
    preserveStatus(rc, old);
    setDefaultsReplicationController(rc);
    incrementGenerationOnSpecChange(rc, old);
  },
  validateUpdate: (_ctx, rc, old) => validateReplicationControllerUpdate(rc, old),
} satisfies ResourceStrategy<ReplicationController>;

export const replicationControllerStatusStrategy = statusStrategy(replicationControllerStrategy, {
  validateStatusUpdate: validateReplicationControllerStatusUpdate,
});

/** Field selectors on replication controllers (upstream ControllerToSelectableFields). */
export const replicationControllerSelectableFields = {
  'status.replicas': (rc: ReplicationController) => String(rc.status?.replicas ?? 0),
};
