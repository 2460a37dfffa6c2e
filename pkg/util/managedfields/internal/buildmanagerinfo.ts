/**
 * Manager names to identifiers (internal/buildmanagerinfo.go): the name, the operation and,
 * for updates, the version and subresource ("unknown" when the name is empty).
 */
import type { ManagedFieldsEntry } from '../../../apis/meta/v1/types.js';
import type { ApplyResult, Manager, UpdateResult } from './manager.js';
import { buildManagerIdentifier, type Managed, operationApply, operationUpdate } from './managedfields.js';
import type { ApiObject } from './object.js';

export class BuildManagerInfoManager implements Manager {
  constructor(
    private readonly next: Manager,
    private readonly groupVersion: string,
    private readonly subresource: string,
  ) {}

  update(liveObj: ApiObject, newObj: ApiObject, managed: Managed, manager: string): UpdateResult {
    return this.next.update(liveObj, newObj, managed, this.identifier(manager, operationUpdate));
  }

  apply(liveObj: ApiObject, appliedObj: ApiObject, managed: Managed, manager: string, force: boolean): ApplyResult {
    return this.next.apply(liveObj, appliedObj, managed, this.identifier(manager, operationApply), force);
  }

  private identifier(manager: string, operation: string): string {
    const entry: ManagedFieldsEntry = {
      manager: manager === '' ? 'unknown' : manager,
      operation,
      apiVersion: this.groupVersion,
    };
    if (this.subresource !== '') entry.subresource = this.subresource;
    return buildManagerIdentifier(entry);
  }
}
