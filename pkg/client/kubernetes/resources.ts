/**
 * The built-in kinds as typed resource handles: each names its group/version/resource, kind and
 * scope, and carries its object type from pkg/apis, so `clientset.resource(pods)` is a
 * ResourceClient<Pod> without generated code. Add a line here for a kind a controller needs.
 */
import type { CustomResourceDefinition } from '../../apis/apiextensions/v1/types.js';
import type { ControllerRevision, DaemonSet, Deployment, ReplicaSet, StatefulSet } from '../../apis/apps/v1/types.js';
import type { CronJob, Job } from '../../apis/batch/v1/types.js';
import type { Lease } from '../../apis/coordination/v1/types.js';
import type {
  ConfigMap,
  Endpoints,
  Event,
  LimitRange,
  Namespace,
  Node,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  PodTemplate,
  ReplicationController,
  ResourceQuota,
  Secret,
  Service,
  ServiceAccount,
} from '../../apis/core/v1/types.js';
import type { EndpointSlice } from '../../apis/discovery/v1/types.js';
import type { Event as EventsV1Event } from '../../apis/events/v1/types.js';
import type { KubeObject } from '../../apis/meta/v1/types.js';
import type { Ingress, IngressClass, NetworkPolicy } from '../../apis/networking/v1/types.js';
import type { PodDisruptionBudget } from '../../apis/policy/v1/types.js';
import type { Role, RoleBinding } from '../../apis/rbac/v1/types.js';
import type { PriorityClass } from '../../apis/scheduling/v1/types.js';
import type { StorageClass } from '../../apis/storage/v1/types.js';
import type { ResourceRef } from '../rest/resource.js';

/** A resource whose objects are `T`. The `object` field exists only in the type, to carry T. */
export interface ResourceType<T extends KubeObject> extends ResourceRef {
  kind: string;
  namespaced: boolean;
  readonly object?: T;
}

export function resourceType<T extends KubeObject>(
  apiVersion: string,
  resource: string,
  kind: string,
  namespaced: boolean,
): ResourceType<T> {
  const slash = apiVersion.indexOf('/');
  const group = slash < 0 ? '' : apiVersion.slice(0, slash);
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  return { group, version, resource, kind, namespaced };
}

export const pods = resourceType<Pod>('v1', 'pods', 'Pod', true);
export const podTemplates = resourceType<PodTemplate>('v1', 'podtemplates', 'PodTemplate', true);
export const configMaps = resourceType<ConfigMap>('v1', 'configmaps', 'ConfigMap', true);
export const secrets = resourceType<Secret>('v1', 'secrets', 'Secret', true);
export const services = resourceType<Service>('v1', 'services', 'Service', true);
export const serviceAccounts = resourceType<ServiceAccount>('v1', 'serviceaccounts', 'ServiceAccount', true);
export const endpoints = resourceType<Endpoints>('v1', 'endpoints', 'Endpoints', true);
export const events = resourceType<Event>('v1', 'events', 'Event', true);
export const limitRanges = resourceType<LimitRange>('v1', 'limitranges', 'LimitRange', true);
export const resourceQuotas = resourceType<ResourceQuota>('v1', 'resourcequotas', 'ResourceQuota', true);
export const persistentVolumeClaims = resourceType<PersistentVolumeClaim>(
  'v1',
  'persistentvolumeclaims',
  'PersistentVolumeClaim',
  true,
);
export const replicationControllers = resourceType<ReplicationController>(
  'v1',
  'replicationcontrollers',
  'ReplicationController',
  true,
);
export const namespaces = resourceType<Namespace>('v1', 'namespaces', 'Namespace', false);
export const nodes = resourceType<Node>('v1', 'nodes', 'Node', false);
export const persistentVolumes = resourceType<PersistentVolume>('v1', 'persistentvolumes', 'PersistentVolume', false);

export const deployments = resourceType<Deployment>('apps/v1', 'deployments', 'Deployment', true);
export const replicaSets = resourceType<ReplicaSet>('apps/v1', 'replicasets', 'ReplicaSet', true);
export const statefulSets = resourceType<StatefulSet>('apps/v1', 'statefulsets', 'StatefulSet', true);
export const daemonSets = resourceType<DaemonSet>('apps/v1', 'daemonsets', 'DaemonSet', true);
export const controllerRevisions = resourceType<ControllerRevision>(
  'apps/v1',
  'controllerrevisions',
  'ControllerRevision',
  true,
);
export const jobs = resourceType<Job>('batch/v1', 'jobs', 'Job', true);
export const cronJobs = resourceType<CronJob>('batch/v1', 'cronjobs', 'CronJob', true);
export const leases = resourceType<Lease>('coordination.k8s.io/v1', 'leases', 'Lease', true);
export const eventsV1 = resourceType<EventsV1Event>('events.k8s.io/v1', 'events', 'Event', true);
export const endpointSlices = resourceType<EndpointSlice>(
  'discovery.k8s.io/v1',
  'endpointslices',
  'EndpointSlice',
  true,
);
export const ingresses = resourceType<Ingress>('networking.k8s.io/v1', 'ingresses', 'Ingress', true);
export const ingressClasses = resourceType<IngressClass>(
  'networking.k8s.io/v1',
  'ingressclasses',
  'IngressClass',
  false,
);
export const networkPolicies = resourceType<NetworkPolicy>(
  'networking.k8s.io/v1',
  'networkpolicies',
  'NetworkPolicy',
  true,
);
export const podDisruptionBudgets = resourceType<PodDisruptionBudget>(
  'policy/v1',
  'poddisruptionbudgets',
  'PodDisruptionBudget',
  true,
);
export const roles = resourceType<Role>('rbac.authorization.k8s.io/v1', 'roles', 'Role', true);
export const roleBindings = resourceType<RoleBinding>(
  'rbac.authorization.k8s.io/v1',
  'rolebindings',
  'RoleBinding',
  true,
);
export const priorityClasses = resourceType<PriorityClass>(
  'scheduling.k8s.io/v1',
  'priorityclasses',
  'PriorityClass',
  false,
);
export const storageClasses = resourceType<StorageClass>('storage.k8s.io/v1', 'storageclasses', 'StorageClass', false);
export const customResourceDefinitions = resourceType<CustomResourceDefinition>(
  'apiextensions.k8s.io/v1',
  'customresourcedefinitions',
  'CustomResourceDefinition',
  false,
);
