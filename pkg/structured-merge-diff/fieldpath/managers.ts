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
