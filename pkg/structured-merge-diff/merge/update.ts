/**
 * The merge algorithm's two operations (merge/update.go). Update records who changed what when
 * an object was written whole: the writer takes every field it added or changed, and others lose
 * what was removed. Apply merges a configuration: the applier owns exactly the fields it sent,
 * fields it owned before and no longer sends are removed unless someone else owns them, and a
 * change to a field another manager owns is a conflict unless forced.
 */
import { type ManagedFields, type VersionedSet, versionedSet } from '../fieldpath/managers.js';
import { FieldSet, type Filter } from '../fieldpath/set.js';
import { reconcileFieldSetWithSchema } from '../typed/reconcile-schema.js';
import type { Comparison, TypedValue } from '../typed/typed.js';
import { equals } from '../value/value.js';
import { conflictsFromManagers } from './conflict.js';

/** Converts typed values between the API versions managers recorded their sets in. */
export interface Converter {
  convert(object: TypedValue, version: string): TypedValue;
  /** True for the error of a version that no longer exists (its managers are dropped). */
  isMissingVersionError(err: unknown): boolean;
}

export interface UpdaterOptions {
  readonly converter: Converter;
  /** Per API version, what to drop from every set: fields the strategy resets (status of the main resource, …). */
  readonly ignoreFilter?: ReadonlyMap<string, Filter>;
  /** Return the merged object even when an apply changes nothing (otherwise undefined). */
  readonly returnInputOnNoop?: boolean;
}

function wrap(prefix: string, err: unknown): Error {
  return new Error(`${prefix}: ${err instanceof Error ? err.message : String(err)}`);
}

export class Updater {
  private readonly converter: Converter;
  private readonly ignoreFilter: ReadonlyMap<string, Filter>;
  private readonly returnInputOnNoop: boolean;

  constructor(opts: UpdaterOptions) {
    this.converter = opts.converter;
    this.ignoreFilter = opts.ignoreFilter ?? new Map();
    this.returnInputOnNoop = opts.returnInputOnNoop ?? false;
  }

  /**
   * Compares the old and new object once per API version the managers use; takes from every
   * other manager what changed, or, unless forced, throws Conflicts for what changed that they own.
   */
  private update(
    oldObject: TypedValue,
    newObject: TypedValue,
    version: string,
    managers: ManagedFields,
    workflow: string,
    force: boolean,
  ): Comparison {
    const filtered = (cmp: Comparison, v: string): Comparison => cmp.filterFields(this.ignoreFilter.get(v));
    let compare: Comparison;
    try {
      compare = filtered(oldObject.compare(newObject), version);
    } catch (err) {
      throw wrap('failed to compare objects', err);
    }
    const versions = new Map<string, Comparison>([[version, compare]]);
    const conflicts: ManagedFields = new Map();
    const removed: ManagedFields = new Map();
    for (const [manager, managerSet] of managers) {
      if (manager === workflow) continue;
      let cmp = versions.get(managerSet.apiVersion);
      if (!cmp) {
        const converted = this.convertBoth(oldObject, newObject, managerSet.apiVersion);
        if (!converted) {
          managers.delete(manager);
          continue;
        }
        try {
          cmp = filtered(converted[0].compare(converted[1]), managerSet.apiVersion);
        } catch (err) {
          throw wrap('failed to compare objects', err);
        }
        versions.set(managerSet.apiVersion, cmp);
      }
      const conflictSet = managerSet.set.intersection(cmp.modified.union(cmp.added));
      if (!conflictSet.empty()) conflicts.set(manager, versionedSet(conflictSet, managerSet.apiVersion, false));
      if (!cmp.removed.empty()) removed.set(manager, versionedSet(cmp.removed, managerSet.apiVersion, false));
    }
    if (!force && conflicts.size > 0) throw conflictsFromManagers(conflicts);
    for (const taken of [conflicts, removed]) {
      for (const [manager, vs] of taken) {
        // Every manager with conflicts or removals is one of `managers`.
        const current = managers.get(manager)!;
        managers.set(manager, versionedSet(current.set.difference(vs.set), current.apiVersion, current.applied));
      }
    }
    for (const [manager, vs] of managers) if (vs.set.empty()) managers.delete(manager);
    return compare;
  }

  /** Both objects at `version`, or undefined when that version no longer exists. */
  private convertBoth(
    oldObject: TypedValue,
    newObject: TypedValue,
    version: string,
  ): [TypedValue, TypedValue] | undefined {
    let oldConverted: TypedValue;
    let newConverted: TypedValue;
    try {
      oldConverted = this.converter.convert(oldObject, version);
    } catch (err) {
      if (this.converter.isMissingVersionError(err)) return undefined;
      throw wrap('failed to convert old object', err);
    }
    try {
      newConverted = this.converter.convert(newObject, version);
    } catch (err) {
      if (this.converter.isMissingVersionError(err)) return undefined;
      throw wrap('failed to convert new object', err);
    }
    return [oldConverted, newConverted];
  }

  /** Records an update by `manager`: the new object is returned as is, with the new managers. */
  updateManagers(
    liveObject: TypedValue,
    newObject: TypedValue,
    version: string,
    managersIn: ManagedFields,
    manager: string,
  ): ManagedFields {
    const managers = this.reconcileManagedFieldsWithSchemaChanges(liveObject, managersIn);
    const compare = this.update(liveObject, newObject, version, managers, manager, true);
    const previous = managers.get(manager)?.set ?? new FieldSet();
    let set = previous.difference(compare.removed).union(compare.modified).union(compare.added);
    const filter = this.ignoreFilter.get(version);
    if (filter) set = filter.filter(set);
    if (set.empty()) managers.delete(manager);
    else managers.set(manager, versionedSet(set, version, false));
    return managers;
  }

  /**
   * Applies `configObject` for `manager`. Returns the new object, or undefined when it equals
   * the live one (nothing to write), with the new managers. Throws Conflicts unless forced.
   */
  apply(
    liveObject: TypedValue,
    configObject: TypedValue,
    version: string,
    managersIn: ManagedFields,
    manager: string,
    force: boolean,
  ): { object: TypedValue | undefined; managers: ManagedFields } {
    const managers = this.reconcileManagedFieldsWithSchemaChanges(liveObject, managersIn);
    let newObject: TypedValue;
    try {
      newObject = liveObject.merge(configObject);
    } catch (err) {
      throw wrap('failed to merge config', err);
    }
    const lastSet = managers.get(manager);
    let set: FieldSet;
    try {
      set = configObject.toFieldSet();
    } catch (err) {
      throw wrap('failed to get field set', err);
    }
    const filter = this.ignoreFilter.get(version);
    if (filter) set = filter.filter(set);
    // Re-applying the same fields (the usual apply): keep the recorded set object, so it is
    // written back as the same managedFields entry without encoding it again.
    if (lastSet?.apiVersion === version && lastSet.set.equals(set)) set = lastSet.set;
    managers.set(manager, versionedSet(set, version, true));
    // Pruning removes what the applier owned before and no longer applies; when it still
    // applies all of it (at the same version), every field pruning would remove is one it adds
    // back, and the merged object stands as is.
    const stillAppliesAll = lastSet?.apiVersion === version && lastSet.set.difference(set).empty();
    if (!stillAppliesAll) {
      try {
        newObject = this.prune(newObject, managers, manager, lastSet);
      } catch (err) {
        throw wrap('failed to prune fields', err);
      }
    }
    this.update(liveObject, newObject, version, managers, manager, force);
    const unchanged = !this.returnInputOnNoop && equals(liveObject.value, newObject.value);
    return { object: unchanged ? undefined : newObject, managers };
  }

  /**
   * Removes from the merged object what the applier owned before and no longer applies, except
   * what another manager owns, and what was never in the applier's way (dangling fields).
   */
  private prune(
    merged: TypedValue,
    managers: ManagedFields,
    applyingManager: string,
    lastSet: VersionedSet | undefined,
  ): TypedValue {
    if (!lastSet || lastSet.set.empty()) return merged;
    const version = lastSet.apiVersion;
    let convertedMerged: TypedValue;
    try {
      convertedMerged = this.converter.convert(merged, version);
    } catch (err) {
      if (this.converter.isMissingVersionError(err)) return merged;
      throw wrap('failed to convert merged object to last applied version', err);
    }
    const tr = convertedMerged.typeRef;
    let pruned = convertedMerged.removeItems(lastSet.set.ensureNamedFieldsAreMembers(tr));
    pruned = this.addBackOwnedItems(convertedMerged, pruned, version, managers);
    pruned = this.addBackDanglingItems(convertedMerged, pruned, lastSet);
    // Apply recorded the applier's set before pruning.
    return this.converter.convert(pruned, managers.get(applyingManager)!.apiVersion);
  }

  /** Puts back into the pruned object every field some manager (at any version) owns. */
  private addBackOwnedItems(
    merged: TypedValue,
    pruned: TypedValue,
    prunedVersion: string,
    managers: ManagedFields,
  ): TypedValue {
    const managedAtVersion = new Map<string, FieldSet>();
    for (const vs of managers.values())
      managedAtVersion.set(vs.apiVersion, (managedAtVersion.get(vs.apiVersion) ?? new FieldSet()).union(vs.set));
    // The pruned version first, then the others.
    const order = [...managedAtVersion.keys()].sort((a, b) => (a === prunedVersion ? -1 : b === prunedVersion ? 1 : 0));
    let m = merged;
    let p = pruned;
    for (const v of order) {
      let mv: TypedValue;
      let pv: TypedValue;
      try {
        mv = this.converter.convert(m, v);
      } catch (err) {
        if (this.converter.isMissingVersionError(err)) continue;
        throw wrap(`failed to convert merged object at version ${v}`, err);
      }
      try {
        pv = this.converter.convert(p, v);
      } catch (err) {
        if (this.converter.isMissingVersionError(err)) {
          m = mv;
          continue;
        }
        throw wrap(`failed to convert pruned object at version ${v}`, err);
      }
      const tr = mv.typeRef;
      const mergedSet = fieldSetOf(mv, `merged object at version ${v}`).ensureNamedFieldsAreMembers(tr);
      const prunedSet = fieldSetOf(pv, `pruned object at version ${v}`).ensureNamedFieldsAreMembers(tr);
      const managed = managedAtVersion.get(v)!.ensureNamedFieldsAreMembers(tr);
      m = mv;
      p = mv.removeItems(mergedSet.difference(prunedSet.union(managed)));
    }
    return p;
  }

  /** Removes again what pruning took from the last applied set and nobody added back. */
  private addBackDanglingItems(merged: TypedValue, pruned: TypedValue, lastSet: VersionedSet): TypedValue {
    let convertedPruned: TypedValue;
    try {
      convertedPruned = this.converter.convert(pruned, lastSet.apiVersion);
    } catch (err) {
      if (this.converter.isMissingVersionError(err)) return merged;
      throw wrap('failed to convert pruned object to last applied version', err);
    }
    const tr = merged.typeRef;
    const prunedSet = fieldSetOf(convertedPruned, 'pruned object in last applied version').ensureNamedFieldsAreMembers(
      tr,
    );
    const mergedSet = fieldSetOf(merged, 'merged object in last applied version').ensureNamedFieldsAreMembers(tr);
    const last = lastSet.set.ensureNamedFieldsAreMembers(tr);
    return merged.removeItems(mergedSet.difference(prunedSet).intersection(last));
  }

  /** Managers' sets adjusted for lists and maps that became atomic; managers of removed versions dropped. */
  private reconcileManagedFieldsWithSchemaChanges(liveObject: TypedValue, managers: ManagedFields): ManagedFields {
    const result: ManagedFields = new Map();
    for (const [manager, vs] of managers) {
      let tv: TypedValue;
      try {
        tv = this.converter.convert(liveObject, vs.apiVersion);
      } catch (err) {
        if (this.converter.isMissingVersionError(err)) continue;
        throw err;
      }
      const reconciled = reconcileFieldSetWithSchema(vs.set, tv.typeRef);
      result.set(manager, reconciled ? versionedSet(reconciled, vs.apiVersion, vs.applied) : vs);
    }
    return result;
  }
}

function fieldSetOf(tv: TypedValue, what: string): FieldSet {
  try {
    return tv.toFieldSet();
  } catch (err) {
    throw wrap(`failed to create field set from ${what}`, err);
  }
}
