/**
 * The field manager (internal/fieldmanager.go): decodes an object's managedFields, runs the
 * manager pipeline, and encodes the result back into the object.
 */
import type { ManagedFieldsEntry } from '../../../apis/meta/v1/types.js';
import * as klog from '../../../klog/klog.js';
import { Conflicts } from '../../../structured-merge-diff/merge/conflict.js';
import { newConflictError } from './conflict.js';
import type { Manager } from './manager.js';
import { decodeManagedFields, encodeManagedFields, type Managed, newEmptyManaged } from './managedfields.js';
import { type ApiObject, groupVersionOf, withManagedFields } from './object.js';

/** Runs `fn` at most once per `intervalMs` (internal/atmostevery.go). */
export class AtMostEvery {
  private last = Number.NEGATIVE_INFINITY;

  constructor(private readonly intervalMs: number) {}

  do(fn: () => void): boolean {
    const now = Date.now();
    if (now - this.last < this.intervalMs) return false;
    this.last = now;
    fn();
    return true;
  }
}

const atMostEverySecond = new AtMostEvery(1000);

export class FieldManager {
  constructor(
    private readonly manager: Manager,
    private readonly subresource: string,
  ) {}

  /**
   * Records a write whose result is known (create, update, patch): `newObj` with managedFields
   * for `manager`. managedFields the client sent are honoured when they decode (an empty list,
   * or one empty entry, resets them); otherwise, and always on subresources, the live object's
   * stand. Inputs are not mutated.
   */
  update(liveObj: ApiObject, newObj: ApiObject, manager: string): ApiObject {
    const managed = decodeLiveOrNew(liveObj, newObj, this.subresource !== '');
    const result = this.manager.update(liveObj, withManagedFields(newObj, undefined), managed, manager);
    return withManagedFields(result.object, encodeManagedFields(result.managed));
  }

  /** Like update, but a failure (which should not happen) logs and returns `newObj` without managedFields. */
  updateNoErrors(liveObj: ApiObject, newObj: ApiObject, manager: string): ApiObject {
    try {
      return this.update(liveObj, newObj, manager);
    } catch (err) {
      atMostEverySecond.do(() => {
        const gv = groupVersionOf(newObj);
        klog.error(err, '[SHOULD NOT HAPPEN] failed to update managedFields', {
          versionKind: `${gv.group}/${gv.version}, Kind=${newObj.kind ?? ''}`,
          namespace: newObj.metadata?.namespace ?? 'unknown',
          name: newObj.metadata?.name ?? 'unknown',
        });
      });
      return withManagedFields(newObj, undefined);
    }
  }

  /**
   * Server-side apply: `appliedObj` merged into `liveObj` for `manager`. Throws a 409 StatusError
   * listing the conflicts (unless `force`), or a 400 for an applied object of the wrong kind or
   * version, with managedFields, or that does not fit the schema.
   */
  apply(liveObj: ApiObject, appliedObj: ApiObject, manager: string, force: boolean): ApiObject {
    let managed: Managed;
    try {
      managed = decodeManagedFields(liveObj.metadata?.managedFields);
    } catch (err) {
      throw new Error(`failed to decode managed fields: ${err instanceof Error ? err.message : String(err)}`);
    }
    try {
      const result = this.manager.apply(liveObj, appliedObj, managed, manager, force);
      // The pipeline's timestamp stage always returns an object (the live one when nothing changed).
      const object = result.object ?? withManagedFields(liveObj, undefined);
      return withManagedFields(object, encodeManagedFields(result.managed));
    } catch (err) {
      if (err instanceof Conflicts) throw newConflictError(err);
      throw err;
    }
  }
}

function decodeOrEmpty(entries: readonly ManagedFieldsEntry[] | undefined): Managed {
  try {
    return decodeManagedFields(entries);
  } catch {
    return newEmptyManaged();
  }
}

/**
 * The managers to start from: the live object's on subresources; none when the request resets
 * them; the request's when they decode and are not empty; else the live object's, so clients
 * that drop managedFields do not erase them.
 */
function decodeLiveOrNew(liveObj: ApiObject, newObj: ApiObject, ignoreRequestManagedFields: boolean): Managed {
  if (ignoreRequestManagedFields) return decodeOrEmpty(liveObj.metadata?.managedFields);
  const requested = newObj.metadata?.managedFields;
  if (isResetManagedFields(requested)) return newEmptyManaged();
  try {
    const managed = decodeManagedFields(requested);
    if (managed.fields.size > 0) return managed;
  } catch {
    // Undecodable managedFields from the client fall back to the live object's.
  }
  return decodeOrEmpty(liveObj.metadata?.managedFields);
}

/** An explicitly empty list, or a list of one empty entry, resets managedFields. */
export function isResetManagedFields(entries: readonly ManagedFieldsEntry[] | null | undefined): boolean {
  if (entries === undefined || entries === null) return false;
  if (entries.length === 0) return true;
  if (entries.length !== 1) return false;
  const e: unknown = entries[0];
  if (typeof e !== 'object' || e === null || Array.isArray(e)) return false;
  return isEmptyEntry(e as ManagedFieldsEntry);
}

function isEmptyEntry(e: ManagedFieldsEntry): boolean {
  const empty = (s: string | undefined): boolean => s === undefined || s === null || s === '';
  return (
    empty(e.manager) &&
    empty(e.operation) &&
    empty(e.apiVersion) &&
    empty(e.time) &&
    empty(e.fieldsType) &&
    (e.fieldsV1 === undefined || e.fieldsV1 === null) &&
    empty(e.subresource)
  );
}
