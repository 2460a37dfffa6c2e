/** PersistentVolumeClaim policy (mirrors pkg/registry/core/persistentvolumeclaim/strategy.go). */
import { setDefaultsPersistentVolumeClaim } from '../../../apis/core/v1/defaults.js';
import type { PersistentVolumeClaim } from '../../../apis/core/v1/types.js';
import {
  validatePersistentVolumeClaim,
  validatePersistentVolumeClaimStatusUpdate,
  validatePersistentVolumeClaimUpdate,
} from '../../../apis/core/validation/validation-storage.js';
import { preserveStatus, resetStatus } from '../../rest/status.js';
import type { ResourceStrategy } from '../../strategy-types.js';
import { statusStrategy } from '../../subresource/status.js';

export const persistentVolumeClaimStrategy = {
  namespaceScoped: true,
  allowCreateOnUpdate: false,
  allowUnconditionalUpdate: true,
  prepareForCreate(_ctx, pvc) {
    resetStatus(pvc);
    setDefaultsPersistentVolumeClaim(pvc);
  },
  validate: (_ctx, pvc) => validatePersistentVolumeClaim(pvc),
  prepareForUpdate(_ctx, pvc, old) {
    preserveStatus(pvc, old);
    setDefaultsPersistentVolumeClaim(pvc);
  },
  validateUpdate: (_ctx, pvc, old) => validatePersistentVolumeClaimUpdate(pvc, old),
} satisfies ResourceStrategy<PersistentVolumeClaim>;

export const persistentVolumeClaimStatusStrategy = statusStrategy(persistentVolumeClaimStrategy, {
  validateStatusUpdate: validatePersistentVolumeClaimStatusUpdate,
});
