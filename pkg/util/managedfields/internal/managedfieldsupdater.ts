/**
 * Timestamps and merging of update entries (internal/managedfieldsupdater.go). An update is
 * recorded under a placeholder manager first: if it took any field the object changed, and the
 * writer's entry gets the fields (merged with its earlier ones) and the current time; a write
 * that changes nothing leaves every entry, and its time, alone.
 */
import { versionedSet } from '../../../structured-merge-diff/fieldpath/managers.js';
import type { ApplyResult, Manager, UpdateResult } from './manager.js';
import { formatTime, type Managed } from './managedfields.js';
import { type ApiObject, withManagedFields } from './object.js';

const currentOperation = 'current-operation';

export class ManagedFieldsUpdater implements Manager {
  constructor(
    private readonly next: Manager,
    private readonly now: () => Date,
  ) {}

  update(liveObj: ApiObject, newObj: ApiObject, managed: Managed, manager: string): UpdateResult {
    const result = this.next.update(liveObj, newObj, managed, currentOperation);
    const fields = result.managed.fields;
    const vs = fields.get(currentOperation);
    if (vs) {
      fields.delete(currentOperation);
      const previous = fields.get(manager);
      fields.set(manager, previous ? versionedSet(vs.set.union(previous.set), vs.apiVersion, vs.applied) : vs);
      result.managed.times.set(manager, formatTime(this.now()));
    }
    return result;
  }

  apply(
    liveObj: ApiObject,
    appliedObj: ApiObject,
    managed: Managed,
    fieldManager: string,
    force: boolean,
  ): ApplyResult {
    const result = this.next.apply(liveObj, appliedObj, managed, fieldManager, force);
    if (result.object) {
      result.managed.times.set(fieldManager, formatTime(this.now()));
      return result;
    }
    // Nothing changed: the live object stands, its managers re-encoded by the caller.
    return { object: withManagedFields(liveObj, undefined), managed: result.managed };
  }
}
