/**
 * Pod defaulting (mirrors pkg/apis/core/v1/defaults.go and the declarative `+default` markers of
 * k8s.io/api/core/v1). Upstream applies these when decoding a request; here strategies call them
 * at the start of prepareForCreate/prepareForUpdate, so every write stores defaulted objects.
 * All functions mutate in place and are idempotent.
 */
import { formatQuantity, parseQuantity, roundUpQuantity } from '../../../api/resource/quantity.js';
import type { Container, Handler, PodSpec, PodTemplateSpec, Pod, Probe, ResourceList, Volume } from './types-pod.js';

export const defaultTerminationGracePeriodSeconds = 30;
export const defaultSchedulerName = 'default-scheduler';
export const terminationMessagePathDefault = '/dev/termination-log';
/** 0644: the default file mode of secret, configMap, downwardAPI and projected volumes. */
export const defaultVolumeFileMode = 0o644;

/**
 * The tag of an image reference as upstream's parsers.ParseImageName sees it: the text after the
 * last ':' of the final path segment, `latest` when there is neither tag nor digest.
 */
export function imageTag(image: string): string {
  const at = image.indexOf('@');
  const name = at >= 0 ? image.slice(0, at) : image;
  const lastSlash = name.lastIndexOf('/');
  const colon = name.lastIndexOf(':');
  if (colon > lastSlash) return name.slice(colon + 1);
  return at >= 0 ? '' : 'latest';
}

/** Rounds every quantity up to milli precision and prints it canonically (SetDefaults_ResourceList). */
export function setDefaultsResourceList(list: ResourceList | undefined): void {
  if (!list) return;
  for (const [k, v] of Object.entries(list)) {
    const q = parseQuantity(v);
    // Malformed values are left for validation to report.
    if (q) list[k] = formatQuantity(roundUpQuantity(q, -3));
  }
}

function setDefaultsHandler(h: Handler | undefined): void {
  if (!h?.httpGet) return;
  if (!h.httpGet.path) h.httpGet.path = '/';
  if (!h.httpGet.scheme) h.httpGet.scheme = 'HTTP';
}

function setDefaultsProbe(p: Probe | undefined): void {
  if (!p) return;
  if (!p.timeoutSeconds) p.timeoutSeconds = 1;
  if (!p.periodSeconds) p.periodSeconds = 10;
  if (!p.successThreshold) p.successThreshold = 1;
  if (!p.failureThreshold) p.failureThreshold = 3;
  setDefaultsHandler(p);
}

export function setDefaultsContainer(c: Container): void {
  if (!c.imagePullPolicy) c.imagePullPolicy = imageTag(c.image ?? '') === 'latest' ? 'Always' : 'IfNotPresent';
  if (!c.terminationMessagePath) c.terminationMessagePath = terminationMessagePathDefault;
  if (!c.terminationMessagePolicy) c.terminationMessagePolicy = 'File';
  for (const p of c.ports ?? []) if (!p.protocol) p.protocol = 'TCP';
  for (const e of c.env ?? []) {
    const ref = e.valueFrom?.fieldRef;
    if (ref && !ref.apiVersion) ref.apiVersion = 'v1';
  }
  setDefaultsProbe(c.livenessProbe);
  setDefaultsProbe(c.readinessProbe);
  setDefaultsProbe(c.startupProbe);
  setDefaultsHandler(c.lifecycle?.postStart);
  setDefaultsHandler(c.lifecycle?.preStop);
  setDefaultsResourceList(c.resources?.limits);
  setDefaultsResourceList(c.resources?.requests);
}

// Volume source fields, to tell whether a volume names any source (upstream AllPtrFieldsNil).
const volumeSourceKeys = [
  'hostPath',
  'emptyDir',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'secret',
  'nfs',
  'iscsi',
  'glusterfs',
  'persistentVolumeClaim',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'downwardAPI',
  'fc',
  'azureFile',
  'configMap',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'projected',
  'portworxVolume',
  'scaleIO',
  'storageos',
  'csi',
  'ephemeral',
  'image',
] as const;

export function volumeSourceNames(v: Volume): string[] {
  return volumeSourceKeys.filter((k) => v[k] !== undefined && v[k] !== null);
}

export function setDefaultsVolume(v: Volume): void {
  if (volumeSourceNames(v).length === 0) v.emptyDir = {};
  if (v.secret && v.secret.defaultMode === undefined) v.secret.defaultMode = defaultVolumeFileMode;
  if (v.configMap && v.configMap.defaultMode === undefined) v.configMap.defaultMode = defaultVolumeFileMode;
  if (v.downwardAPI) {
    if (v.downwardAPI.defaultMode === undefined) v.downwardAPI.defaultMode = defaultVolumeFileMode;
    for (const item of v.downwardAPI.items ?? []) defaultFieldRef(item['fieldRef']);
  }
  if (v.hostPath && v.hostPath.type === undefined) v.hostPath.type = '';
  if (v.projected) {
    if (v.projected.defaultMode === undefined) v.projected.defaultMode = defaultVolumeFileMode;
    for (const source of v.projected.sources ?? []) {
      const token = source['serviceAccountToken'];
      if (token && token['expirationSeconds'] === undefined) token['expirationSeconds'] = 3600;
      const downward = source['downwardAPI'];
      if (downward && Array.isArray(downward['items']))
        for (const item of downward['items'] as Record<string, unknown>[]) defaultFieldRef(item['fieldRef']);
    }
  }
  const claimSpec = v.ephemeral?.volumeClaimTemplate?.spec;
  if (claimSpec && claimSpec['volumeMode'] === undefined) claimSpec['volumeMode'] = 'Filesystem';
  if (v.image && !v.image.pullPolicy)
    v.image.pullPolicy = imageTag(v.image.reference ?? '') === 'latest' ? 'Always' : 'IfNotPresent';
}

function defaultFieldRef(ref: unknown): void {
  if (ref && typeof ref === 'object' && !(ref as { apiVersion?: unknown }).apiVersion)
    (ref as { apiVersion: string }).apiVersion = 'v1';
}

/**
 * SetDefaults_PodSpec plus the nested defaulters, for every PodSpec (pods and the templates of
 * workloads). Also keeps the deprecated `serviceAccount` alias in step, as upstream's v1
 * conversion does.
 */
export function setDefaultsPodSpec(spec: PodSpec): void {
  if (!spec.dnsPolicy) spec.dnsPolicy = 'ClusterFirst';
  if (!spec.restartPolicy) spec.restartPolicy = 'Always';
  if (!spec.securityContext) spec.securityContext = {};
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null) {
    spec.terminationGracePeriodSeconds = defaultTerminationGracePeriodSeconds;
  }
  if (!spec.schedulerName) spec.schedulerName = defaultSchedulerName;
  if (!spec.serviceAccountName && spec.serviceAccount) spec.serviceAccountName = spec.serviceAccount;
  if (spec.serviceAccountName) spec.serviceAccount = spec.serviceAccountName;
  for (const c of spec.initContainers ?? []) setDefaultsContainer(c);
  for (const c of spec.containers ?? []) setDefaultsContainer(c);
  for (const c of spec.ephemeralContainers ?? []) setDefaultsContainer(c);
  for (const v of spec.volumes ?? []) setDefaultsVolume(v);
  setDefaultsResourceList(spec.overhead);
}

export function setDefaultsPodTemplateSpec(template: PodTemplateSpec | undefined): void {
  if (!template) return;
  template.spec ??= {};
  setDefaultsPodSpec(template.spec);
}

/** Requests default to limits for each resource that has a limit but no request. */
function defaultRequestsFromLimits(c: Container): void {
  const limits = c.resources?.limits;
  if (!c.resources || !limits) return;
  const requests = (c.resources.requests ??= {});
  for (const [k, v] of Object.entries(limits)) if (!(k in requests)) requests[k] = v;
}

/**
 * SetDefaults_Pod: the PodSpec defaults plus what only applies to real pods (not templates):
 * requests from limits, enableServiceLinks, and host ports mirroring container ports on the host network.
 */
export function setDefaultsPod(pod: Pod): void {
  pod.spec ??= {};
  const spec = pod.spec;
  setDefaultsPodSpec(spec);
  for (const c of spec.containers ?? []) defaultRequestsFromLimits(c);
  for (const c of spec.initContainers ?? []) defaultRequestsFromLimits(c);
  if (spec.enableServiceLinks === undefined || spec.enableServiceLinks === null) spec.enableServiceLinks = true;
  if (spec.hostNetwork) {
    for (const c of [...(spec.containers ?? []), ...(spec.initContainers ?? [])]) {
      for (const p of c.ports ?? []) if (!p.hostPort) p.hostPort = p.containerPort;
    }
  }
}
