/** Secret policy (mirrors pkg/registry/core/secret/strategy.go): stringData folds into data before validation. */
import { mergeSecretStringData } from '../../../apis/core/v1/conversion.js';
import { setDefaultsSecret } from '../../../apis/core/v1/defaults.js';
import type { Secret } from '../../../apis/core/v1/types.js';
import { validateSecret, validateSecretUpdate } from '../../../apis/core/validation/validation-config.js';
import { plainStrategy } from '../../strategies.js';

function prepare(secret: Secret): void {
  setDefaultsSecret(secret);
  mergeSecretStringData(secret);
}

export const secretStrategy = plainStrategy<Secret>({
  namespaced: true,
  defaults: prepare,
  validate: validateSecret,
  validateUpdate: validateSecretUpdate,
});

/** Field selectors secrets support beyond metadata (upstream SelectableFields). */
export const secretSelectableFields = { type: (s: Secret) => s.type ?? '' };
