/** Ingress policy (mirrors pkg/registry/networking/ingress/strategy.go). */
import type { Ingress } from '../../../apis/networking/v1/types.js';
import {
  validateIngress,
  validateIngressStatusUpdate,
  validateIngressUpdate,
} from '../../../apis/networking/validation/validation.js';
import { specStatusStrategy } from '../../strategies.js';
import { statusStrategy } from '../../subresource/status.js';

export const ingressStrategy = specStatusStrategy<Ingress>({
  namespaced: true,
  validate: validateIngress,
  validateUpdate: validateIngressUpdate,
  // Go serializes the empty IngressLoadBalancerStatus struct.
  initialStatus: () => ({ loadBalancer: {} }),
});

export const ingressStatusStrategy = statusStrategy(ingressStrategy, {
  validateStatusUpdate: validateIngressStatusUpdate,
});
