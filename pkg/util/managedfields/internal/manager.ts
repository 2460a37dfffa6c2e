/**
 * The field manager pipeline (internal/manager.go): each stage wraps the next, adding one
 * behaviour (version checks, client-side apply migration, capping, identifiers, timestamps,
 * stripping metadata) around the structured-merge stage at the core.
 */
import type { Managed } from './managedfields.js';
import type { ApiObject } from './object.js';

export interface UpdateResult {
  readonly object: ApiObject;
  readonly managed: Managed;
}

export interface ApplyResult {
  /** The applied object, or undefined when the apply changes nothing. */
  readonly object: ApiObject | undefined;
  readonly managed: Managed;
}

export interface Manager {
  /**
   * Records a write whose result is already known (create, update, patch): returns the new
   * object (managedFields removed) and the new managers. Inputs are not mutated.
   */
  update(liveObj: ApiObject, newObj: ApiObject, managed: Managed, manager: string): UpdateResult;

  /** Merges an applied configuration into the live object and returns it with the new managers. */
  apply(liveObj: ApiObject, appliedObj: ApiObject, managed: Managed, fieldManager: string, force: boolean): ApplyResult;
}
