/** PodTemplate policy (mirrors pkg/registry/core/podtemplate/strategy.go). */
import { setDefaultsPodTemplate } from '../../../apis/core/v1/defaults.js';
import type { PodTemplate } from '../../../apis/core/v1/types.js';
import { validatePodTemplate, validatePodTemplateUpdate } from '../../../apis/core/validation/validation-pod.js';
import type { ResourceStrategy } from '../../strategy-types.js';

export const podTemplateStrategy = {
  namespaceScoped: true,
  allowCreateOnUpdate: false,
  allowUnconditionalUpdate: true,
  prepareForCreate: (_ctx, pt) => setDefaultsPodTemplate(pt),
  validate: (_ctx, pt) => validatePodTemplate(pt),
  prepareForUpdate: (_ctx, pt) => setDefaultsPodTemplate(pt),
  validateUpdate: (_ctx, pt, old) => validatePodTemplateUpdate(pt, old),
} satisfies ResourceStrategy<PodTemplate>;
