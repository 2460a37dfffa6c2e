/**
 * managedFields across the scale subresource (scalehandler.go). The scale endpoint sees the
 * parent's managers that own the replicas field, as owners of `spec.replicas` of an
 * autoscaling/v1 Scale; after a scale write, managers of the Scale's `spec.replicas` own the
 * parent's replicas field and the others lose it.
 */
import type { ManagedFieldsEntry } from '../../apis/meta/v1/types.js';
import { type ManagedFields, versionedSet } from '../../structured-merge-diff/fieldpath/managers.js';
import { makePath, type Path } from '../../structured-merge-diff/fieldpath/path.js';
import { FieldSet } from '../../structured-merge-diff/fieldpath/set.js';
import { decodeManagedFields, encodeManagedFields } from './internal/managedfields.js';

const scaleGroupVersion = 'autoscaling/v1';
const replicasPathInScale = makePath('spec', 'replicas');

/** apiVersion of the parent → its replicas path; undefined for a version without one (a CR without scale). */
export type ResourcePathMappings = ReadonlyMap<string, Path | undefined>;

export class ScaleHandler {
  constructor(
    private readonly parentEntries: readonly ManagedFieldsEntry[] | undefined,
    /** The parent's version the scale request is served for (`apps/v1`). */
    private readonly groupVersion: string,
    private readonly mappings: ResourcePathMappings,
  ) {}

  /** The parent's entries as the Scale's: only managers of the replicas field, owning `spec.replicas`. */
  toSubresource(): ManagedFieldsEntry[] | undefined {
    const managed = decodeManagedFields(this.parentEntries);
    const fields: ManagedFields = new Map();
    const times = new Map<string, string | undefined>();
    for (const [manager, vs] of managed.fields) {
      const path = this.mappings.get(vs.apiVersion);
      if (!path || !vs.set.has(path)) continue;
      fields.set(manager, versionedSet(FieldSet.of(replicasPathInScale), scaleGroupVersion, vs.applied));
      times.set(manager, managed.times.get(manager));
    }
    return encodeManagedFields({ fields, times });
  }

  /** The parent's entries after a scale write recorded `scaleEntries`. */
  toParent(scaleEntries: readonly ManagedFieldsEntry[] | undefined): ManagedFieldsEntry[] | undefined {
    const parent = decodeManagedFields(this.parentEntries);
    const scale = decodeManagedFields(scaleEntries).fields;
    const fields: ManagedFields = new Map();
    const times = new Map<string, string | undefined>();
    for (const [manager, vs] of parent.fields) {
      // Entries of versions without a mapping are dropped.
      if (!this.mappings.has(vs.apiVersion)) continue;
      const path = this.mappings.get(vs.apiVersion);
      if (!path || !vs.set.has(path)) {
        fields.set(manager, vs);
        times.set(manager, parent.times.get(manager));
        continue;
      }
      if (!scale.has(manager)) {
        // The scale write took the replicas field from this manager.
        const set = vs.set.difference(FieldSet.of(path));
        if (!set.empty()) {
          fields.set(manager, versionedSet(set, vs.apiVersion, vs.applied));
          times.set(manager, parent.times.get(manager));
        }
      } else {
        fields.set(manager, vs);
        times.set(manager, parent.times.get(manager));
        scale.delete(manager);
      }
    }
    const ownPath = this.mappings.get(this.groupVersion);
    for (const [manager, vs] of scale) {
      if (!vs.set.has(replicasPathInScale) || !ownPath) continue;
      fields.set(manager, versionedSet(FieldSet.of(ownPath), this.groupVersion, vs.applied));
      // As upstream: the time comes from the parent's entries, so a manager new to the parent has none.
      times.set(manager, parent.times.get(manager));
    }
    return encodeManagedFields({ fields, times });
  }
}
