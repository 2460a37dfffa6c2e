/**
 * When tracking starts (internal/skipnonapplied.go). Managers are tracked from an object's
 * creation (upstream's default probability, 1); an object that has no managers by the time it is
 * updated stays untracked until it is first applied to. That first apply records the object's
 * existing fields as owned by `before-first-apply`, so the applier conflicts with them.
 */
import type { GroupVersionKind } from '../../../apis/meta/v1/types.js';
import { parseGroupVersion } from '../../../runtime/schema/group-version.js';
import type { ApplyResult, Manager, UpdateResult } from './manager.js';
import type { Managed } from './managedfields.js';
import type { ApiObject } from './object.js';

/** Creates the empty object of a kind (runtime.ObjectCreater). */
export interface ObjectCreater {
  newObject(gvk: GroupVersionKind): ApiObject;
}

const beforeApplyManagerName = 'before-first-apply';

export class SkipNonAppliedManager implements Manager {
  constructor(
    private readonly next: Manager,
    private readonly objectCreater: ObjectCreater,
  ) {}

  update(liveObj: ApiObject, newObj: ApiObject, managed: Managed, manager: string): UpdateResult {
    // An update (the live object exists: it has a uid) of an untracked object stays untracked.
    if (managed.fields.size === 0 && liveObj.metadata?.uid) return { object: newObj, managed };
    return this.next.update(liveObj, newObj, managed, manager);
  }

  apply(
    liveObj: ApiObject,
    appliedObj: ApiObject,
    managed: Managed,
    fieldManager: string,
    force: boolean,
  ): ApplyResult {
    let live = liveObj;
    let current = managed;
    if (managed.fields.size === 0) {
      const gv = parseGroupVersion(appliedObj.apiVersion ?? '');
      const empty = this.objectCreater.newObject({ group: gv.group, version: gv.version, kind: appliedObj.kind ?? '' });
      let result: UpdateResult;
      try {
        result = this.next.update(empty, liveObj, managed, beforeApplyManagerName);
      } catch (err) {
        throw new Error(
          `failed to create manager for existing fields: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
      live = result.object;
      current = result.managed;
    }
    return this.next.apply(live, appliedObj, current, fieldManager, force);
  }
}
