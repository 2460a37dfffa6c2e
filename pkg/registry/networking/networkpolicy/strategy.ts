/** NetworkPolicy policy (mirrors pkg/registry/networking/networkpolicy/strategy.go): generation tracks spec; no status. */
import { setDefaultsNetworkPolicy } from '../../../apis/networking/v1/defaults.js';
import type { NetworkPolicy } from '../../../apis/networking/v1/types.js';
import { validateNetworkPolicy, validateNetworkPolicyUpdate } from '../../../apis/networking/validation/validation.js';
import { specStatusStrategy } from '../../strategies.js';

export const networkPolicyStrategy = specStatusStrategy<NetworkPolicy>({
  namespaced: true,
  initialStatus: 'none',
  defaults: setDefaultsNetworkPolicy,
  validate: validateNetworkPolicy,
  validateUpdate: validateNetworkPolicyUpdate,
});
