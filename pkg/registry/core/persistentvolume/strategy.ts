/** PersistentVolume policy (mirrors pkg/registry/core/persistentvolume/strategy.go). */
import { setDefaultsPersistentVolume } from '../../../apis/core/v1/defaults.js';
import type { PersistentVolume } from '../../../apis/core/v1/types.js';
import { validatePersistentVolume, validatePersistentVolumeStatusUpdate, validatePersistentVolumeUpdate } from '../../../apis/core/validation/validation-storage.js';
import { rfc3339 } from '../../rest/create.js';
import { preserveStatus } from '../../rest/status.js';
import type { ResourceStrategy } from '../../strategy-types.js';
import { statusStrategy } from '../../subresource/status.js';

export const persistentVolumeStrategy = {
  namespaceScoped: false,
  allowCreateOnUpdate: false,
  allowUnconditionalUpdate: true,
  prepareForCreate(_ctx, pv) {
    pv.status = { phase: 'Pending', lastPhaseTransitionTime: rfc3339(new Date()) };
    setDefaultsPersistentVolume(pv);
  },
  validate: (_ctx, pv) => validatePersistentVolume(pv),
  prepareForUpdate(_ctx, pv, old) {
    preserveStatus(pv, old);
    setDefaultsPersistentVolume(pv);
  },
  validateUpdate: (_ctx, pv, old) => validatePersistentVolumeUpdate(pv, old),
} satisfies ResourceStrategy<PersistentVolume>;

export const persistentVolumeStatusStrategy = statusStrategy(persistentVolumeStrategy, {
  validateStatusUpdate: validatePersistentVolumeStatusUpdate,
  // The transition time moves whenever the phase does (upstream PersistentVolumeLastPhaseTransitionTime).
  prepare(pv, old) {
    if (pv.status?.phase !== old.status?.phase) pv.status = { ...(pv.status ?? {}), lastPhaseTransitionTime: rfc3339(new Date()) };
  },
});
