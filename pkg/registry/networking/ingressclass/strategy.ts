/** IngressClass policy (mirrors pkg/registry/networking/ingressclass/strategy.go): cluster-scoped, generation tracks spec. */
import type { IngressClass } from '../../../apis/networking/v1/types.js';
import { validateIngressClass, validateIngressClassUpdate } from '../../../apis/networking/validation/validation.js';
import { specStatusStrategy } from '../../strategies.js';

export const ingressClassStrategy = specStatusStrategy<IngressClass>({
  namespaced: false,
  initialStatus: 'none',
  validate: validateIngressClass,
  validateUpdate: validateIngressClassUpdate,
});
