/**
 * core/v1 defaulting other than pods (mirrors pkg/apis/core/v1/defaults.go and the declarative
 * `+default` markers). Mutates in place; idempotent. Pod defaulting lives in ./defaults-pod.ts.
 */
import { setDefaultsPodTemplateSpec, setDefaultsResourceList } from './defaults-pod.js';
import type {
  ConfigMap,
  Endpoints,
  LimitRange,
  Namespace,
  Node,
  PersistentVolume,
  PersistentVolumeClaim,
  PodTemplate,
  ReplicationController,
  ResourceQuota,
  Secret,
  Service,
} from './types.js';

export * from './defaults-pod.js';

/** 3 hours: upstream DefaultClientIPServiceAffinitySeconds. */
export const defaultClientIPServiceAffinitySeconds = 10800;

/** The label every namespace carries with its own name (kubernetes.io/metadata.name). */
export const labelMetadataName = 'kubernetes.io/metadata.name';

/** Externally accessible services get externalTrafficPolicy (upstream service.ExternallyAccessible). */
export function externallyAccessible(svc: Service): boolean {
  const type = svc.spec?.type;
  return (
    type === 'LoadBalancer' || type === 'NodePort' || (type === 'ClusterIP' && (svc.spec?.externalIPs?.length ?? 0) > 0)
  );
}

export function setDefaultsService(svc: Service): void {
  const spec = (svc.spec ??= {});
  if (!spec.sessionAffinity) spec.sessionAffinity = 'None';
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP' && spec.sessionAffinityConfig?.clientIP?.timeoutSeconds === undefined) {
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: defaultClientIPServiceAffinitySeconds } };
  }
  if (!spec.type) spec.type = 'ClusterIP';
  for (const p of spec.ports ?? []) {
    if (!p.protocol) p.protocol = 'TCP';
    if (p.targetPort === undefined || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port ?? 0;
  }
  if (externallyAccessible(svc) && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = 'Cluster';
  if (
    !spec.internalTrafficPolicy &&
    (spec.type === 'NodePort' || spec.type === 'LoadBalancer' || spec.type === 'ClusterIP')
  ) {
    spec.internalTrafficPolicy = 'Cluster';
  }
  if (spec.type === 'LoadBalancer') {
    if (spec.allocateLoadBalancerNodePorts === undefined) spec.allocateLoadBalancerNodePorts = true;
    for (const ing of svc.status?.loadBalancer?.ingress ?? []) if (ing.ip && !ing.ipMode) ing.ipMode = 'VIP';
  }
}

export function setDefaultsSecret(secret: Secret): void {
  if (!secret.type) secret.type = 'Opaque';
}

/** Upstream makes `data` non-nil; on the wire an empty map is omitted either way, so nothing to do but keep it an object. */
export function setDefaultsConfigMap(cm: ConfigMap): void {
  if (cm.data === null) delete cm.data;
}

export function setDefaultsNamespace(ns: Namespace): void {
  const name = ns.metadata.name ?? '';
  if (name !== '') ns.metadata.labels = { ...(ns.metadata.labels ?? {}), [labelMetadataName]: name };
  ns.status ??= {};
  if (!ns.status.phase) ns.status.phase = 'Active';
}

export function setDefaultsNode(node: Node): void {
  const status = node.status;
  if (status && status.allocatable === undefined && status.capacity !== undefined)
    status.allocatable = { ...status.capacity };
  setDefaultsResourceList(status?.capacity);
  setDefaultsResourceList(status?.allocatable);
}

export function setDefaultsPersistentVolume(pv: PersistentVolume): void {
  pv.status ??= {};
  if (!pv.status.phase) pv.status.phase = 'Pending';
  pv.spec ??= {};
  if (!pv.spec.persistentVolumeReclaimPolicy) pv.spec.persistentVolumeReclaimPolicy = 'Retain';
  if (!pv.spec.volumeMode) pv.spec.volumeMode = 'Filesystem';
  setDefaultsResourceList(pv.spec.capacity);
}

export function setDefaultsPersistentVolumeClaim(pvc: PersistentVolumeClaim): void {
  pvc.status ??= {};
  if (!pvc.status.phase) pvc.status.phase = 'Pending';
  pvc.spec ??= {};
  if (!pvc.spec.volumeMode) pvc.spec.volumeMode = 'Filesystem';
  setDefaultsResourceList(pvc.spec.resources?.requests);
  setDefaultsResourceList(pvc.spec.resources?.limits);
}

export function setDefaultsEndpoints(ep: Endpoints): void {
  for (const ss of ep.subsets ?? []) for (const p of ss.ports ?? []) if (!p.protocol) p.protocol = 'TCP';
}

/** Selector and labels default to the template's labels; replicas to 1 (declarative default). */
export function setDefaultsReplicationController(rc: ReplicationController): void {
  const spec = (rc.spec ??= {});
  const labels = spec.template?.metadata?.labels;
  if (labels) {
    if (Object.keys(spec.selector ?? {}).length === 0) spec.selector = { ...labels };
    if (Object.keys(rc.metadata.labels ?? {}).length === 0) rc.metadata.labels = { ...labels };
  }
  if (spec.replicas === undefined || spec.replicas === null) spec.replicas = 1;
  setDefaultsPodTemplateSpec(spec.template);
}

export function setDefaultsPodTemplate(pt: PodTemplate): void {
  setDefaultsPodTemplateSpec((pt.template ??= {}));
}

/** Container limit ranges: default limit from max, default request from default limit, then from min. */
export function setDefaultsLimitRange(lr: LimitRange): void {
  for (const item of lr.spec?.limits ?? []) {
    for (const list of [item.max, item.min, item.default, item.defaultRequest, item.maxLimitRequestRatio])
      setDefaultsResourceList(list);
    if (item.type !== 'Container') continue;
    const def = (item.default ??= {});
    const defReq = (item.defaultRequest ??= {});
    for (const [k, v] of Object.entries(item.max ?? {})) if (!(k in def)) def[k] = v;
    for (const [k, v] of Object.entries(def)) if (!(k in defReq)) defReq[k] = v;
    for (const [k, v] of Object.entries(item.min ?? {})) if (!(k in defReq)) defReq[k] = v;
  }
}

export function setDefaultsResourceQuota(rq: ResourceQuota): void {
  setDefaultsResourceList(rq.spec?.hard);
  setDefaultsResourceList(rq.status?.hard);
  setDefaultsResourceList(rq.status?.used);
}
