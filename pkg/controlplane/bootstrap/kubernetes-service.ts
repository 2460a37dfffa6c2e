/**
 * The `default/kubernetes` Service and its endpoints (mirrors
 * pkg/controlplane/controller/kubernetesservice and the endpoint reconciler for a single
 * apiserver): in-cluster clients reach the apiserver at the first address of the service range,
 * port 443, which the Endpoints and EndpointSlice point at the advertise address and secure port.
 * Created when missing; brought back in line when someone changed what matters (ports, type,
 * addresses), as upstream's reconciler does on every pass.
 */
import { isNotFound } from '../../api/errors/errors.js';
import type { Endpoints, Service } from '../../apis/core/v1/types.js';
import type { EndpointSlice } from '../../apis/discovery/v1/types.js';
import type { KubeObject } from '../../apis/meta/v1/types.js';
import type { RequestContext } from '../../endpoints/request/context.js';
import type { Creater, Getter, Updater } from '../../registry/rest/rest.js';
import { jsonEqual } from '../../registry/rest/status.js';
import { defaultUpdatedObjectInfo } from '../../registry/rest/update.js';
import { ipFamilyOf } from '../../util/validation/ip.js';

export type ObjectStorage<T extends KubeObject> = Getter<T> & Creater<T> & Updater<T>;

export interface KubernetesServiceConfig {
  /** The service's clusterIP: the first address of --service-cluster-ip-range (allocator.firstIP). */
  clusterIP: string;
  /** The Service port, 443 upstream (--kubernetes-service-node-port aside). */
  servicePort?: number;
  /** Where the apiserver listens (--secure-port). */
  securePort: number;
  /** The address other hosts reach this apiserver at (--advertise-address). */
  advertiseAddress: string;
}

const name = 'kubernetes';
const namespace = 'default';

function family(ip: string): 'IPv4' | 'IPv6' {
  return ipFamilyOf(ip) ?? 'IPv4';
}

/** Creates the object if missing; otherwise updates it when `differs(current)` says it drifted. */
async function createOrReconcile<T extends KubeObject>(
  storage: ObjectStorage<T>,
  ctx: RequestContext,
  desired: T,
  differs: (current: T) => T | undefined,
): Promise<void> {
  let current: T | undefined;
  try {
    current = await storage.get(ctx, name);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  if (!current) {
    await storage.create(ctx, desired);
    return;
  }
  const fixed = differs(current);
  if (fixed) await storage.update(ctx, name, defaultUpdatedObjectInfo(fixed));
}

export async function ensureKubernetesService(
  services: ObjectStorage<Service>,
  ctx: RequestContext,
  cfg: KubernetesServiceConfig,
): Promise<void> {
  const ports = [{ name: 'https', protocol: 'TCP', port: cfg.servicePort ?? 443, targetPort: cfg.securePort }];
  const desired: Service = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace, labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: {
      type: 'ClusterIP',
      clusterIP: cfg.clusterIP,
      clusterIPs: [cfg.clusterIP],
      ipFamilies: [family(cfg.clusterIP)],
      ipFamilyPolicy: 'SingleStack',
      ports,
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
    },
  };
  await createOrReconcile(services, ctx, desired, (current) => {
    const spec = current.spec ?? {};
    if (spec.type === 'ClusterIP' && jsonEqual(spec.ports, ports)) return undefined;
    return { ...current, spec: { ...spec, type: 'ClusterIP', ports } };
  });
}

export async function ensureKubernetesEndpoints(
  endpoints: ObjectStorage<Endpoints>,
  ctx: RequestContext,
  cfg: KubernetesServiceConfig,
): Promise<void> {
  const subsets = [
    { addresses: [{ ip: cfg.advertiseAddress }], ports: [{ name: 'https', port: cfg.securePort, protocol: 'TCP' }] },
  ];
  const labels = { 'endpointslice.kubernetes.io/skip-mirror': 'true' };
  const desired: Endpoints = { apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace, labels }, subsets };
  await createOrReconcile(endpoints, ctx, desired, (current) =>
    jsonEqual(current.subsets, subsets) && jsonEqual(current.metadata.labels, labels)
      ? undefined
      : { ...current, metadata: { ...current.metadata, labels }, subsets },
  );
}

export async function ensureKubernetesEndpointSlice(
  slices: ObjectStorage<EndpointSlice>,
  ctx: RequestContext,
  cfg: KubernetesServiceConfig,
): Promise<void> {
  const body = {
    addressType: family(cfg.advertiseAddress),
    endpoints: [{ addresses: [cfg.advertiseAddress], conditions: { ready: true } }],
    ports: [{ name: 'https', port: cfg.securePort, protocol: 'TCP' }],
  };
  const labels = { 'kubernetes.io/service-name': name };
  const desired: EndpointSlice = {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name, namespace, labels },
    ...body,
  };
  await createOrReconcile(slices, ctx, desired, (current) => {
    const same =
      current.addressType === body.addressType &&
      jsonEqual(current.endpoints, body.endpoints) &&
      jsonEqual(current.ports, body.ports);
    return same ? undefined : { ...current, ...body };
  });
}
