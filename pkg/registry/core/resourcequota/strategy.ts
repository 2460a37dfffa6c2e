/** ResourceQuota policy (mirrors pkg/registry/core/resourcequota/strategy.go): status belongs to the quota controller. */
import { setDefaultsResourceQuota } from '../../../apis/core/v1/defaults.js';
import type { ResourceQuota } from '../../../apis/core/v1/types.js';
import { validateResourceQuota, validateResourceQuotaStatusUpdate, validateResourceQuotaUpdate } from '../../../apis/core/validation/validation-resources.js';
import { preserveStatus, resetStatus } from '../../rest/status.js';
import type { ResourceStrategy } from '../../strategy-types.js';
import { statusStrategy } from '../../subresource/status.js';

export const resourceQuotaStrategy = {
  namespaceScoped: true,
  allowCreateOnUpdate: false,
  allowUnconditionalUpdate: true,
  prepareForCreate(_ctx, rq) {
    resetStatus(rq);
    setDefaultsResourceQuota(rq);
  },
  validate: (_ctx, rq) => validateResourceQuota(rq),
  prepareForUpdate(_ctx, rq, old) {
    preserveStatus(rq, old);
    setDefaultsResourceQuota(rq);
  },
  validateUpdate: (_ctx, rq, old) => validateResourceQuotaUpdate(rq, old),
} satisfies ResourceStrategy<ResourceQuota>;

export const resourceQuotaStatusStrategy = statusStrategy(resourceQuotaStrategy, {
  validateStatusUpdate: validateResourceQuotaStatusUpdate,
  prepare: (rq) => setDefaultsResourceQuota(rq),
});
