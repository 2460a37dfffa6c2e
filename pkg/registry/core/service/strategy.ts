/**
 * Service policy (mirrors pkg/registry/core/service/strategy.go and the field fix-ups of
 * pkg/registry/core/service/storage): defaults, clusterIP/clusterIPs kept in sync, values the
 * apiserver allocated patched back in when a client resubmits its original YAML, and fields that
 * stop applying after a type change dropped. Allocation itself (cluster IPs, node ports) lives in
 * ./alloc.ts, run by the Store's beginCreate/beginUpdate hooks.
 */
import { setDefaultsService } from '../../../apis/core/v1/defaults.js';
import type { Service } from '../../../apis/core/v1/types.js';
import {
  validateService,
  validateServiceStatusUpdate,
  validateServiceUpdate,
} from '../../../apis/core/validation/validation-service.js';
import { jsonEqual } from '../../rest/status.js';
import { specStatusStrategy } from '../../strategies.js';
import { statusStrategy } from '../../subresource/status.js';

export const needsClusterIP = (svc: Service): boolean => svc.spec?.type !== 'ExternalName';
export const needsNodePort = (svc: Service): boolean =>
  svc.spec?.type === 'NodePort' || svc.spec?.type === 'LoadBalancer';
export const needsHCNodePort = (svc: Service): boolean =>
  svc.spec?.type === 'LoadBalancer' && svc.spec.externalTrafficPolicy === 'Local';

/** NodePort services always get node ports; LoadBalancers unless allocateLoadBalancerNodePorts is false. */
export function shouldAllocateNodePorts(svc: Service): boolean {
  if (svc.spec?.type === 'NodePort') return true;
  if (svc.spec?.type === 'LoadBalancer') return svc.spec.allocateLoadBalancerNodePorts !== false;
  return false;
}

const sameClusterIPs = (a: Service, b: Service) => jsonEqual(a.spec?.clusterIPs ?? [], b.spec?.clusterIPs ?? []);

/**
 * Keeps clusterIP and clusterIPs consistent (upstream normalizeClusterIPs): old clients send only
 * the singular; clients patching other fields may drop the plural.
 */
export function normalizeClusterIPs(svc: Service, old?: Service): void {
  const spec = (svc.spec ??= {});
  if (!old) {
    if (spec.clusterIP && (spec.clusterIPs ?? []).length === 0) spec.clusterIPs = [spec.clusterIP];
    return;
  }
  const oldSpec = old.spec ?? {};
  if (
    (oldSpec.clusterIPs ?? []).length > 0 &&
    (spec.clusterIPs ?? []).length === 0 &&
    (oldSpec.clusterIP ?? '') === (spec.clusterIP ?? '')
  ) {
    spec.clusterIPs = [...(oldSpec.clusterIPs ?? [])];
  }
  if ((oldSpec.clusterIP ?? '') !== (spec.clusterIP ?? '')) {
    if (oldSpec.clusterIP && !spec.clusterIP) {
      if (sameClusterIPs(old, svc)) delete spec.clusterIPs;
    } else if (sameClusterIPs(old, svc)) {
      spec.clusterIPs = [spec.clusterIP ?? ''];
    }
  }
}

/** Puts back what the apiserver allocated when the request left it out (upstream patchAllocatedValues). */
export function patchAllocatedValues(svc: Service, old: Service): void {
  const spec = (svc.spec ??= {});
  const oldSpec = old.spec ?? {};
  if (needsClusterIP(old) && needsClusterIP(svc)) {
    if (!spec.clusterIP && oldSpec.clusterIP) spec.clusterIP = oldSpec.clusterIP;
    if ((spec.clusterIPs ?? []).length === 0 && (oldSpec.clusterIPs ?? []).length > 0)
      spec.clusterIPs = [...(oldSpec.clusterIPs ?? [])];
  }
  if (needsNodePort(old) && needsNodePort(svc)) {
    const used = (s: Service) => new Set((s.spec?.ports ?? []).map((p) => p.nodePort ?? 0).filter((n) => n !== 0));
    const newUsed = used(svc);
    const both = new Set([...used(old)].filter((n) => newUsed.has(n)));
    const byName = new Map((oldSpec.ports ?? []).map((p) => [p.name ?? '', p.nodePort ?? 0]));
    for (const p of spec.ports ?? []) {
      if (p.nodePort) continue;
      const was = byName.get(p.name ?? '') ?? 0;
      if (was && !both.has(was)) p.nodePort = was;
    }
  }
  if (needsHCNodePort(old) && needsHCNodePort(svc) && !spec.healthCheckNodePort && oldSpec.healthCheckNodePort) {
    spec.healthCheckNodePort = oldSpec.healthCheckNodePort;
  }
}

/**
 * Clears what no longer applies after a type change, when the client did not touch it
 * (upstream dropTypeDependentFields): e.g. NodePort → ClusterIP drops the node ports.
 */
export function dropTypeDependentFields(svc: Service, old: Service): void {
  const spec = (svc.spec ??= {});
  const oldSpec = old.spec ?? {};
  if (needsClusterIP(old) && !needsClusterIP(svc)) {
    if (sameClusterIPs(old, svc)) {
      delete spec.clusterIP;
      delete spec.clusterIPs;
    }
    if (jsonEqual(spec.ipFamilies ?? [], oldSpec.ipFamilies ?? [])) delete spec.ipFamilies;
    if ((spec.ipFamilyPolicy ?? '') === (oldSpec.ipFamilyPolicy ?? '')) delete spec.ipFamilyPolicy;
  }
  const nodePorts = (s: Service) => (s.spec?.ports ?? []).map((p) => p.nodePort ?? 0);
  if (needsNodePort(old) && !needsNodePort(svc) && jsonEqual(nodePorts(old), nodePorts(svc))) {
    for (const p of spec.ports ?? []) delete p.nodePort;
  }
  if (
    needsHCNodePort(old) &&
    !needsHCNodePort(svc) &&
    (spec.healthCheckNodePort ?? 0) === (oldSpec.healthCheckNodePort ?? 0)
  )
    delete spec.healthCheckNodePort;
  if (oldSpec.type === 'LoadBalancer' && spec.type !== 'LoadBalancer') {
    if (
      spec.allocateLoadBalancerNodePorts !== undefined &&
      spec.allocateLoadBalancerNodePorts === oldSpec.allocateLoadBalancerNodePorts
    )
      delete spec.allocateLoadBalancerNodePorts;
    if ((spec.loadBalancerClass ?? null) === (oldSpec.loadBalancerClass ?? null)) delete spec.loadBalancerClass;
  }
  const external = (s: Service) =>
    s.spec?.type === 'LoadBalancer' ||
    s.spec?.type === 'NodePort' ||
    (s.spec?.type === 'ClusterIP' && (s.spec.externalIPs ?? []).length > 0);
  if (external(old) && !external(svc) && (spec.externalTrafficPolicy ?? '') === (oldSpec.externalTrafficPolicy ?? ''))
    delete spec.externalTrafficPolicy;
}

/** Every fix-up an update gets before allocation and validation; safe to run twice. */
export function prepareServiceUpdate(svc: Service, old: Service): void {
  setDefaultsService(svc);
  patchAllocatedValues(svc, old);
  normalizeClusterIPs(svc, old);
  dropTypeDependentFields(svc, old);
}

export const serviceStrategy = specStatusStrategy<Service>({
  namespaced: true,
  // Services may be created by PUT, as upstream.
  allowCreateOnUpdate: true,
  validate: validateService,
  validateUpdate: validateServiceUpdate,
  generationChanged: false,
  // Go serializes the empty LoadBalancerStatus struct: `status: {loadBalancer: {}}`.
  initialStatus: () => ({ loadBalancer: {} }),
  prepareForCreate(svc) {
    setDefaultsService(svc);
    normalizeClusterIPs(svc);
  },
  prepareForUpdate(svc, old) {
    svc.status ??= { loadBalancer: {} };
    prepareServiceUpdate(svc, old);
  },
});

export const serviceStatusStrategy = statusStrategy(serviceStrategy, {
  validateStatusUpdate: validateServiceStatusUpdate,
});
