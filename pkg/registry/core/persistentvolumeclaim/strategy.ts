/** PersistentVolumeClaim policy (mirrors pkg/registry/core/persistentvolumeclaim/strategy.go). */
import { setDefaultsPersistentVolumeClaim } from '../../../apis/core/v1/defaults.js';
import type { PersistentVolumeClaim } from '../../../apis/core/v1/types.js';
import {
  validatePersistentVolumeClaim,
  validatePersistentVolumeClaimStatusUpdate,
  validatePersistentVolumeClaimUpdate,
} from '../../../apis/core/validation/validation-storage.js';
import { specStatusStrategy } from '../../strategies.js';
import { statusStrategy } from '../../subresource/status.js';

export const persistentVolumeClaimStrategy = specStatusStrategy<PersistentVolumeClaim>({
  namespaced: true,
  defaults: setDefaultsPersistentVolumeClaim,
  validate: validatePersistentVolumeClaim,
  validateUpdate: validatePersistentVolumeClaimUpdate,
  // No metadata.generation for this kind, as upstream.
  generationChanged: false,
});

export const persistentVolumeClaimStatusStrategy = statusStrategy(persistentVolumeClaimStrategy, {
  validateStatusUpdate: validatePersistentVolumeClaimStatusUpdate,
});
