/** Lease policy (mirrors pkg/registry/coordination/lease/strategy.go): created by PUT, updates must carry a resourceVersion. */
import type { Lease } from '../../../apis/coordination/v1/types.js';
import { validateLease, validateLeaseUpdate } from '../../../apis/coordination/validation/validation.js';
import { plainStrategy } from '../../strategies.js';

export const leaseStrategy = plainStrategy<Lease>({
  namespaced: true,
  validate: validateLease,
  validateUpdate: validateLeaseUpdate,
  allowCreateOnUpdate: true,
  allowUnconditionalUpdate: false,
});
