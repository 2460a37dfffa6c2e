/**
 * Managed fields as the merge algorithm sees them (fieldpath.ManagedFields): per manager
 * identifier, the set of fields it owns, the API version the set is expressed in, and whether it
 * was applied (an `Apply` entry) or updated.
 */
import type { FieldSet } from './set.js';

export interface VersionedSet {
  readonly set: FieldSet;
  readonly apiVersion: string;
  readonly applied: boolean;
}

/** Manager identifier → its versioned set. The merge functions take and return copies. */
export type ManagedFields = Map<string, VersionedSet>;

export function versionedSet(set: FieldSet, apiVersion: string, applied: boolean): VersionedSet {
  return { set, apiVersion, applied };
}

export function managedFieldsEqual(a: ManagedFields, b: ManagedFields): boolean {
  if (a.size !== b.size) return false;
  for (const [manager, left] of a) {
    const right = b.get(manager);
    if (!right || left.apiVersion !== right.apiVersion || left.applied !== right.applied) return false;
    if (!left.set.equals(right.set)) return false;
  }
  return true;
}
