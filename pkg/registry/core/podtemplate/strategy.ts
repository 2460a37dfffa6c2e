/** PodTemplate policy (mirrors pkg/registry/core/podtemplate/strategy.go). */
import { setDefaultsPodTemplate } from '../../../apis/core/v1/defaults.js';
import type { PodTemplate } from '../../../apis/core/v1/types.js';
import { validatePodTemplate, validatePodTemplateUpdate } from '../../../apis/core/validation/validation-pod.js';
import { plainStrategy } from '../../strategies.js';

export const podTemplateStrategy = plainStrategy<PodTemplate>({
  namespaced: true,
  defaults: setDefaultsPodTemplate,
  validate: validatePodTemplate,
  validateUpdate: validatePodTemplateUpdate,
});
