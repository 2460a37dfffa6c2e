/** Secret policy (mirrors pkg/registry/core/secret/strategy.go): stringData folds into data before validation. */
import { mergeSecretStringData } from '../../../apis/core/v1/conversion.js';
import { setDefaultsSecret } from '../../../apis/core/v1/defaults.js';
import type { Secret } from '../../../apis/core/v1/types.js';
import { validateSecret, validateSecretUpdate } from '../../../apis/core/validation/validation-config.js';
import type { ResourceStrategy } from '../../strategy-types.js';

function prepare(secret: Secret): void {
  setDefaultsSecret(secret);
  mergeSecretStringData(secret);
}

export const secretStrategy = {
  namespaceScoped: true,
  allowCreateOnUpdate: false,
  allowUnconditionalUpdate: true,
  prepareForCreate: (_ctx, s) => prepare(s),
  validate: (_ctx, s) => validateSecret(s),
  prepareForUpdate: (_ctx, s) => prepare(s),
  validateUpdate: (_ctx, s, old) => validateSecretUpdate(s, old),
} satisfies ResourceStrategy<Secret>;

/** Field selectors secrets support beyond metadata (upstream SelectableFields). */
export const secretSelectableFields = { type: (s: Secret) => s.type ?? '' };
