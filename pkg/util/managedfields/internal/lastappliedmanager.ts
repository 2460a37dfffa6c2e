/**
 * Client-side to server-side apply migration (internal/lastappliedmanager.go): when `kubectl`
 * applies server-side and conflicts only on fields its last client-side apply set (the
 * annotation, where it still matches the live object), those fields are taken over without a
 * conflict, as if forced.
 */
import { Conflicts } from '../../../structured-merge-diff/merge/conflict.js';
import type { FieldSet } from '../../../structured-merge-diff/fieldpath/set.js';
import type { ApplyResult, Manager, UpdateResult } from './manager.js';
import type { Managed } from './managedfields.js';
import { type ApiObject, isValueMap, valueObject } from './object.js';
import { lastAppliedOf } from './lastapplied.js';
import type { TypeConverter } from './typeconverter.js';
import type { ObjectConvertor } from './versionconverter.js';
import type { Value } from '../../../structured-merge-diff/value/value.js';

export class LastAppliedManager implements Manager {
  constructor(
    private readonly next: Manager,
    private readonly typeConverter: TypeConverter,
    private readonly objectConverter: ObjectConvertor,
    private readonly groupVersion: string,
  ) {}

  update(liveObj: ApiObject, newObj: ApiObject, managed: Managed, manager: string): UpdateResult {
    return this.next.update(liveObj, newObj, managed, manager);
  }

  apply(liveObj: ApiObject, appliedObj: ApiObject, managed: Managed, manager: string, force: boolean): ApplyResult {
    try {
      return this.next.apply(liveObj, appliedObj, managed, manager, force);
    } catch (err) {
      // Only kubectl's server-side apply upgrades from client-side apply; another field manager opts out.
      if (manager !== 'kubectl' || !(err instanceof Conflicts)) throw err;
      const allowed = this.allowedConflictsFromLastApplied(liveObj);
      if (!allowed) throw err;
      if (!err.toSet().difference(allowed).empty())
        throw new Conflicts(err.conflicts.filter((c) => !allowed.has(c.path)));
      return this.next.apply(liveObj, appliedObj, managed, manager, true);
    }
  }

  /**
   * The fields of the last client-side applied configuration that still hold the live values;
   * undefined when there is no usable annotation (then the conflicts stand).
   */
  private allowedConflictsFromLastApplied(liveObj: ApiObject): FieldSet | undefined {
    const lastApplied = lastAppliedOf(liveObj);
    if (lastApplied === undefined) return undefined;
    try {
      const liveTyped = this.typeConverter.objectToTyped(
        this.objectConverter.convertToVersion(liveObj, this.groupVersion),
      );
      const parsed = JSON.parse(lastApplied) as Value;
      if (!isValueMap(parsed)) return undefined;
      const lastAppliedObj = valueObject(parsed);
      if (lastAppliedObj.apiVersion !== this.groupVersion) return undefined;
      const lastAppliedTyped = this.typeConverter.objectToTyped(lastAppliedObj);
      const cmp = lastAppliedTyped.compare(liveTyped);
      return lastAppliedTyped.toFieldSet().difference(cmp.modified).difference(cmp.added).difference(cmp.removed);
    } catch {
      // An annotation that does not parse or type-check allows nothing, as upstream.
      return undefined;
    }
  }
}
