/** ConfigMap policy (mirrors pkg/registry/core/configmap/strategy.go). */
import { setDefaultsConfigMap } from '../../../apis/core/v1/defaults.js';
import type { ConfigMap } from '../../../apis/core/v1/types.js';
import { validateConfigMap, validateConfigMapUpdate } from '../../../apis/core/validation/validation-config.js';
import type { ResourceStrategy } from '../../strategy-types.js';

export const configMapStrategy = {
  namespaceScoped: true,
  allowCreateOnUpdate: false,
  allowUnconditionalUpdate: true,
  prepareForCreate: (_ctx, cm) => setDefaultsConfigMap(cm),
  validate: (_ctx, cm) => validateConfigMap(cm),
  prepareForUpdate: (_ctx, cm) => setDefaultsConfigMap(cm),
  validateUpdate: (_ctx, cm, old) => validateConfigMapUpdate(cm, old),
} satisfies ResourceStrategy<ConfigMap>;
