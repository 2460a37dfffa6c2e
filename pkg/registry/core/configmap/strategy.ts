/** ConfigMap policy (mirrors pkg/registry/core/configmap/strategy.go). */
import { setDefaultsConfigMap } from '../../../apis/core/v1/defaults.js';
import type { ConfigMap } from '../../../apis/core/v1/types.js';
import { validateConfigMap, validateConfigMapUpdate } from '../../../apis/core/validation/validation-config.js';
import { plainStrategy } from '../../strategies.js';

export const configMapStrategy = plainStrategy<ConfigMap>({
  namespaced: true,
  defaults: setDefaultsConfigMap,
  validate: validateConfigMap,
  validateUpdate: validateConfigMapUpdate,
});
