/** ResourceQuota policy (mirrors pkg/registry/core/resourcequota/strategy.go): status belongs to the quota controller. */
import { setDefaultsResourceQuota } from '../../../apis/core/v1/defaults.js';
import type { ResourceQuota } from '../../../apis/core/v1/types.js';
import {
  validateResourceQuota,
  validateResourceQuotaStatusUpdate,
  validateResourceQuotaUpdate,
} from '../../../apis/core/validation/validation-resources.js';
import { specStatusStrategy } from '../../strategies.js';
import { statusStrategy } from '../../subresource/status.js';

export const resourceQuotaStrategy = specStatusStrategy<ResourceQuota>({
  namespaced: true,
  defaults: setDefaultsResourceQuota,
  validate: validateResourceQuota,
  validateUpdate: validateResourceQuotaUpdate,
  // No metadata.generation for this kind, as upstream.
  generationChanged: false,
});

export const resourceQuotaStatusStrategy = statusStrategy(resourceQuotaStrategy, {
  validateStatusUpdate: validateResourceQuotaStatusUpdate,
  prepare: (rq) => setDefaultsResourceQuota(rq),
});
