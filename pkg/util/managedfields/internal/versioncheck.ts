/** The applied object must be of the endpoint's kind and version (internal/versioncheck.go). */
import { newBadRequest } from '../../../api/errors/errors.js';
import type { GroupVersionKind } from '../../../apis/meta/v1/types.js';
import type { ApplyResult, Manager, UpdateResult } from './manager.js';
import type { Managed } from './managedfields.js';
import { type ApiObject, groupVersionOf, gvkString } from './object.js';

export class VersionCheckManager implements Manager {
  constructor(
    private readonly next: Manager,
    private readonly gvk: GroupVersionKind,
  ) {}

  update(liveObj: ApiObject, newObj: ApiObject, managed: Managed, manager: string): UpdateResult {
    return this.next.update(liveObj, newObj, managed, manager);
  }

  apply(
    liveObj: ApiObject,
    appliedObj: ApiObject,
    managed: Managed,
    fieldManager: string,
    force: boolean,
  ): ApplyResult {
    const gv = groupVersionOf(appliedObj);
    if (gv.group !== this.gvk.group || gv.version !== this.gvk.version || (appliedObj.kind ?? '') !== this.gvk.kind)
      throw newBadRequest(`invalid object type: ${gvkString(appliedObj)}`);
    return this.next.apply(liveObj, appliedObj, managed, fieldManager, force);
  }
}
