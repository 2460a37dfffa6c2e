/**
 * A bound on update entries (internal/capmanagers.go): past the limit (10 by default), the
 * oldest update entries are merged, per API version, into one `ancient-changes` entry.
 */
import { versionedSet } from '../../../structured-merge-diff/fieldpath/managers.js';
import { compareStrings } from '../../../structured-merge-diff/value/value.js';
import type { ApplyResult, Manager, UpdateResult } from './manager.js';
import { buildManagerIdentifier, type Managed, operationUpdate, unixSeconds } from './managedfields.js';
import type { ApiObject } from './object.js';

export const defaultMaxUpdateManagers = 10;
const oldUpdatesManagerName = 'ancient-changes';

export class CapManagersManager implements Manager {
  constructor(
    private readonly next: Manager,
    private readonly maxUpdateManagers: number,
  ) {}

  update(liveObj: ApiObject, newObj: ApiObject, managed: Managed, manager: string): UpdateResult {
    const result = this.next.update(liveObj, newObj, managed, manager);
    capUpdateManagers(result.managed, this.maxUpdateManagers);
    return result;
  }

  apply(
    liveObj: ApiObject,
    appliedObj: ApiObject,
    managed: Managed,
    fieldManager: string,
    force: boolean,
  ): ApplyResult {
    return this.next.apply(liveObj, appliedObj, managed, fieldManager, force);
  }
}

export function capUpdateManagers(managed: Managed, max: number): void {
  const { fields, times } = managed;
  const updaters = [...fields].filter(([, vs]) => !vs.applied).map(([manager]) => manager);
  if (updaters.length <= max) return;
  // Oldest first; ties by identifier.
  updaters.sort((a, b) => {
    const ta = unixSeconds(times.get(a));
    const tb = unixSeconds(times.get(b));
    return ta !== tb ? ta - tb : compareStrings(a, b);
  });
  const firstOfVersion = new Map<string, string>();
  let remaining = updaters.length;
  for (let i = 0; i < updaters.length && remaining > max; i++) {
    const manager = updaters[i]!;
    const vs = fields.get(manager);
    if (!vs) continue;
    const version = vs.apiVersion;
    const bucket = buildManagerIdentifier({
      manager: oldUpdatesManagerName,
      operation: operationUpdate,
      apiVersion: version,
    });
    const first = firstOfVersion.get(version);
    if (first === undefined) {
      firstOfVersion.set(version, manager);
      continue;
    }
    // The second entry of a version: the first becomes the bucket, then each one merges into it.
    if (!fields.has(bucket)) {
      const firstSet = fields.get(first);
      fields.delete(first);
      if (firstSet) fields.set(bucket, firstSet);
    }
    const bucketSet = fields.get(bucket);
    fields.set(bucket, versionedSet(vs.set.union(bucketSet ? bucketSet.set : vs.set), vs.apiVersion, vs.applied));
    fields.delete(manager);
    remaining--;
    // The bucket takes the time of the more recent entry merged into it.
    times.set(bucket, times.get(manager));
  }
}
