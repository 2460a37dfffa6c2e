/**
 * Leaves type meta and server-owned metadata out of every set (internal/stripmeta.go): nobody
 * owns apiVersion, kind, name, namespace, uid, resourceVersion, generation, creationTimestamp,
 * selfLink, clusterName or managedFields.
 */
import { makePath } from '../../../structured-merge-diff/fieldpath/path.js';
import { FieldSet } from '../../../structured-merge-diff/fieldpath/set.js';
import { versionedSet } from '../../../structured-merge-diff/fieldpath/managers.js';
import type { ApplyResult, Manager, UpdateResult } from './manager.js';
import type { Managed } from './managedfields.js';
import type { ApiObject } from './object.js';

const stripSet = FieldSet.of(
  makePath('apiVersion'),
  makePath('kind'),
  makePath('metadata'),
  makePath('metadata', 'name'),
  makePath('metadata', 'namespace'),
  makePath('metadata', 'creationTimestamp'),
  makePath('metadata', 'selfLink'),
  makePath('metadata', 'uid'),
  makePath('metadata', 'clusterName'),
  makePath('metadata', 'generation'),
  makePath('metadata', 'managedFields'),
  makePath('metadata', 'resourceVersion'),
);

export class StripMetaManager implements Manager {
  constructor(private readonly next: Manager) {}

  update(liveObj: ApiObject, newObj: ApiObject, managed: Managed, manager: string): UpdateResult {
    const result = this.next.update(liveObj, newObj, managed, manager);
    stripFields(result.managed, manager);
    return result;
  }

  apply(liveObj: ApiObject, appliedObj: ApiObject, managed: Managed, manager: string, force: boolean): ApplyResult {
    const result = this.next.apply(liveObj, appliedObj, managed, manager, force);
    stripFields(result.managed, manager);
    return result;
  }
}

function stripFields(managed: Managed, manager: string): void {
  const vs = managed.fields.get(manager);
  if (!vs) return;
  const set = vs.set.difference(stripSet);
  if (set.empty()) managed.fields.delete(manager);
  else managed.fields.set(manager, versionedSet(set, vs.apiVersion, vs.applied));
}
