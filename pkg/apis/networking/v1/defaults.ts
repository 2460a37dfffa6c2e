/** networking/v1 defaulting (mirrors pkg/apis/networking/v1/defaults.go). */
import type { NetworkPolicy } from './types.js';

/** Ports default to TCP; policyTypes to Ingress, plus Egress when egress rules exist. */
export function setDefaultsNetworkPolicy(np: NetworkPolicy): void {
  const spec = (np.spec ??= {});
  for (const rule of [...(spec.ingress ?? []), ...(spec.egress ?? [])])
    for (const p of rule.ports ?? []) if (!p.protocol) p.protocol = 'TCP';
  if ((spec.policyTypes ?? []).length === 0)
    spec.policyTypes = (spec.egress ?? []).length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
  spec.podSelector ??= {};
}
