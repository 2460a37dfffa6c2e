/**
 * A pod's QoS class (mirrors pkg/apis/core/helper/qos ComputePodQOS), which the apiserver stamps
 * into status.qosClass on create:
 *
 *   no cpu/memory requests or limits anywhere               → BestEffort
 *   every container limits cpu and memory, requests = limits → Guaranteed
 *   anything else                                           → Burstable
 *
 * Init containers count; ephemeral containers do not. Only cpu and memory matter, and zero
 * quantities are as good as absent.
 */
import { compareQuantity, parseQuantity, type Quantity } from '../../../api/resource/quantity.js';
import type { Container, Pod, ResourceList } from '../v1/types.js';

const qosResources = new Set(['cpu', 'memory']);
const zero: Quantity = { num: 0n, den: 1n, format: 'DecimalSI' };

function add(into: Map<string, Quantity>, name: string, q: Quantity): void {
  const have = into.get(name);
  if (!have) into.set(name, q);
  else into.set(name, { num: have.num * q.den + q.num * have.den, den: have.den * q.den, format: have.format });
}

/** The positive cpu/memory quantities of a resource list. */
function positive(list: ResourceList | undefined): [string, Quantity][] {
  const out: [string, Quantity][] = [];
  for (const [name, raw] of Object.entries(list ?? {})) {
    if (!qosResources.has(name)) continue;
    const q = parseQuantity(raw as string | number);
    if (q && compareQuantity(q, zero) > 0) out.push([name, q]);
  }
  return out;
}

export type PodQOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

export function computePodQOS(pod: Pod): PodQOSClass {
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  const containers: Container[] = [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])];
  for (const c of containers) {
    for (const [name, q] of positive(c.resources?.requests)) add(requests, name, q);
    const found = new Set<string>();
    for (const [name, q] of positive(c.resources?.limits)) {
      found.add(name);
      add(limits, name, q);
    }
    if (!(found.has('cpu') && found.has('memory'))) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (!lim || compareQuantity(lim, req) !== 0) {
        guaranteed = false;
        break;
      }
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
