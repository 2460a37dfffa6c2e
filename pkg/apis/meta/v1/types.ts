/**
 * meta/v1 wire types (k8s.io/apimachinery/pkg/apis/meta/v1): the object metadata, list metadata
 * and Status every API response is built from. Field names are exactly Kubernetes' JSON names.
 */
import type { FieldErrorType } from '../../../util/validation/field/errors.js';

export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ManagedFieldsEntry {
  manager?: string;
  operation?: string;
  apiVersion?: string;
  time?: string;
  fieldsType?: string;
  fieldsV1?: Record<string, unknown>;
  subresource?: string;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string | null;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: ManagedFieldsEntry[];
  selfLink?: string;
}

export interface TypeMeta {
  apiVersion?: string;
  kind?: string;
}

/** Any stored Kubernetes object: type meta, object meta, and whatever its kind adds. */
export interface KubeObject extends TypeMeta {
  metadata: ObjectMeta;
  [field: string]: unknown;
}

export interface ListMeta {
  resourceVersion?: string;
  continue?: string;
  remainingItemCount?: number;
  selfLink?: string;
}

export interface KubeList<T extends KubeObject = KubeObject> extends TypeMeta {
  metadata: ListMeta;
  items: T[];
}

export type StatusReason =
  | ''
  | 'NotFound'
  | 'AlreadyExists'
  | 'Conflict'
  | 'Invalid'
  | 'BadRequest'
  | 'MethodNotAllowed'
  | 'NotAcceptable'
  | 'UnsupportedMediaType'
  | 'Unauthorized'
  | 'Forbidden'
  | 'Gone'
  | 'Expired'
  | 'Timeout'
  | 'ServerTimeout'
  | 'TooManyRequests'
  | 'RequestEntityTooLarge'
  | 'ServiceUnavailable'
  | 'InternalError';

/** StatusCause reasons: every field error type, plus those of server responses and apply conflicts. */
export type CauseType =
  | FieldErrorType
  | 'UnexpectedServerResponse'
  | 'FieldManagerConflict'
  | 'ResourceVersionTooLarge';

export interface StatusCause {
  reason?: CauseType | string;
  message?: string;
  field?: string;
}

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: ListMeta;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: StatusReason;
  details?: StatusDetails;
  code: number;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

export interface WatchEvent<T = KubeObject | Status> {
  type: WatchEventType;
  object: T;
}

/** The group and resource an error or request is about, e.g. {group: 'apps', resource: 'deployments'}. */
export interface GroupResource {
  group: string;
  resource: string;
}

/** `deployments.apps`, or just `configmaps` for the core group: upstream's GroupResource.String(). */
export function groupResourceString(gr: GroupResource): string {
  return gr.group === '' ? gr.resource : `${gr.resource}.${gr.group}`;
}

// ---- Added by the registry developer (additive): types the registry and handlers share. ----

/** A kind in a group version, e.g. {group: 'apps', version: 'v1', kind: 'Deployment'}; group '' is core. */
export interface GroupVersionKind {
  group: string;
  version: string;
  kind: string;
}

/** A resource in a group version, e.g. {group: 'apps', version: 'v1', resource: 'deployments'}. */
export interface GroupVersionResource {
  group: string;
  version: string;
  resource: string;
}

/** DeleteOptions.preconditions: the delete happens only if the object still has this uid / resourceVersion. */
export interface Preconditions {
  uid?: string;
  resourceVersion?: string;
}

export type DeletionPropagation = 'Orphan' | 'Background' | 'Foreground';

/** The body of a DELETE (meta/v1 DeleteOptions), with Kubernetes' JSON field names. */
export interface DeleteOptions extends TypeMeta {
  gracePeriodSeconds?: number;
  preconditions?: Preconditions;
  /** Deprecated upstream in favour of propagationPolicy: true = Orphan, false = Background. */
  orphanDependents?: boolean;
  propagationPolicy?: DeletionPropagation;
  /** Only ['All'] is valid: validate and admit, store nothing. */
  dryRun?: string[];
}

/** meta/v1 Table column (`kubectl get` headers). */
export interface TableColumnDefinition {
  name: string;
  /** OpenAPI type: 'string' | 'integer' | 'number' | 'boolean' | 'date'. */
  type: string;
  /** OpenAPI format hint, e.g. 'name' for the column kubectl treats as the object name. */
  format: string;
  description: string;
  /** 0 = shown by default; higher = only with `-o wide`. */
  priority: number;
}

export interface TableRowCondition {
  type: 'Completed' | string;
  status: 'True' | 'False' | 'Unknown';
  reason?: string;
  message?: string;
}

export interface TableRow {
  cells: unknown[];
  conditions?: TableRowCondition[];
  /** The full object or its PartialObjectMetadata, per `includeObject`; absent for None. */
  object?: KubeObject;
}

/** meta/v1 Table: the server-side printed form of an object or list (Accept: …;as=Table;g=meta.k8s.io;v=v1). */
export interface Table extends TypeMeta {
  kind: 'Table';
  apiVersion: string;
  metadata: ListMeta;
  columnDefinitions: TableColumnDefinition[];
  rows: TableRow[];
}
