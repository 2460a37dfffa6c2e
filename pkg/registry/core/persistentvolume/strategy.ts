/** PersistentVolume policy (mirrors pkg/registry/core/persistentvolume/strategy.go). */
import { setDefaultsPersistentVolume } from '../../../apis/core/v1/defaults.js';
import type { PersistentVolume } from '../../../apis/core/v1/types.js';
import {
  validatePersistentVolume,
  validatePersistentVolumeStatusUpdate,
  validatePersistentVolumeUpdate,
} from '../../../apis/core/validation/validation-storage.js';
import { rfc3339 } from '../../rest/create.js';
import { specStatusStrategy } from '../../strategies.js';
import { statusStrategy } from '../../subresource/status.js';

export const persistentVolumeStrategy = specStatusStrategy<PersistentVolume>({
  namespaced: false,
  defaults: setDefaultsPersistentVolume,
  validate: validatePersistentVolume,
  validateUpdate: validatePersistentVolumeUpdate,
  // No metadata.generation for this kind, as upstream.
  generationChanged: false,
  // A new volume starts Pending, with the time it got that phase.
  initialStatus: () => ({ phase: 'Pending', lastPhaseTransitionTime: rfc3339(new Date()) }),
});

export const persistentVolumeStatusStrategy = statusStrategy(persistentVolumeStrategy, {
  validateStatusUpdate: validatePersistentVolumeStatusUpdate,
  // The transition time moves whenever the phase does (upstream PersistentVolumeLastPhaseTransitionTime).
  prepare(pv, old) {
    if (pv.status?.phase !== old.status?.phase)
      pv.status = { ...(pv.status ?? {}), lastPhaseTransitionTime: rfc3339(new Date()) };
  },
});
