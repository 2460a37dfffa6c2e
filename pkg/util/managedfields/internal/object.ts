/**
 * The objects the field manager handles: decoded JSON with type meta and (usually) metadata.
 * Upstream takes runtime.Object and reaches metadata through meta.Accessor; here the metadata
 * is read and replaced directly, never mutating an input.
 */
import type { ManagedFieldsEntry, ObjectMeta } from '../../../apis/meta/v1/types.js';
import { type GroupVersion, parseGroupVersion } from '../../../runtime/schema/group-version.js';
import type { Value, ValueMap } from '../../../structured-merge-diff/value/value.js';

/** An API object as JSON. The applied configuration may lack metadata; stored objects have it. */
export interface ApiObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
}

/** The object as a merge-algorithm value. Objects are decoded JSON, so every field is a Value. */
export function objectValue(obj: ApiObject): ValueMap {
  return obj as unknown as ValueMap;
}

/** A merged value back as an object: the merge of objects is an object (a JSON map). */
export function valueObject(v: ValueMap): ApiObject {
  return v as unknown as ApiObject;
}

export function isValueMap(v: Value): v is ValueMap {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A copy of `obj` with its metadata changed by `change` (metadata created when missing). */
export function withMetadata(obj: ApiObject, change: (meta: ObjectMeta) => void): ApiObject {
  const metadata: ObjectMeta = { ...(obj.metadata ?? {}) };
  change(metadata);
  return { ...obj, metadata };
}

/** A copy of `obj` with `managedFields` set, or removed when undefined. */
export function withManagedFields(obj: ApiObject, entries: ManagedFieldsEntry[] | undefined): ApiObject {
  if (entries === undefined && obj.metadata?.managedFields === undefined) return obj;
  return withMetadata(obj, (meta) => {
    if (entries === undefined) delete meta.managedFields;
    else meta.managedFields = entries;
  });
}

/** The object's group and version; an apiVersion that does not parse is empty, as upstream reads it. */
export function groupVersionOf(obj: ApiObject): GroupVersion {
  try {
    return parseGroupVersion(obj.apiVersion ?? '');
  } catch {
    return { group: '', version: '' };
  }
}

/** `group/version, Kind=kind`, as Go prints a GroupVersionKind. */
export function gvkString(obj: ApiObject): string {
  const gv = groupVersionOf(obj);
  return `${gv.group}/${gv.version}, Kind=${obj.kind ?? ''}`;
}

/** `namespace/name; gvk`, how upstream names an object in field-manager errors (objectGVKNN). */
export function objectGVKNN(obj: ApiObject): string {
  const meta = obj.metadata;
  const name = meta ? (meta.name ?? '') : '<unknown>';
  const namespace = meta ? (meta.namespace ?? '') : '<unknown>';
  return `${namespace}/${name}; ${gvkString(obj)}`;
}
