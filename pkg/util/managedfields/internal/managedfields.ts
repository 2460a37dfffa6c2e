/**
 * managedFields on the wire and in the merge algorithm (internal/managedfields.go): decoding the
 * entries of an object into manager identifier → versioned set (plus each entry's time), and
 * encoding them back, sorted as upstream sorts them.
 *
 * A manager identifier is the entry's JSON without fields, fields type and time — and, for
 * Apply entries, without apiVersion, so one applier has one entry across versions.
 */
import type { ManagedFieldsEntry } from '../../../apis/meta/v1/types.js';
import { setFromFieldsV1, setToFieldsV1 } from '../../../structured-merge-diff/fieldpath/serialize.js';
import {
  type ManagedFields,
  versionedSet,
  type VersionedSet,
} from '../../../structured-merge-diff/fieldpath/managers.js';
import { compareStrings, goJSONString } from '../../../structured-merge-diff/value/value.js';

export const operationApply = 'Apply';
export const operationUpdate = 'Update';

/** Managers' sets and the time of each manager's last change (RFC 3339, seconds). */
export interface Managed {
  readonly fields: ManagedFields;
  readonly times: Map<string, string | undefined>;
}

export function newEmptyManaged(): Managed {
  return { fields: new Map(), times: new Map() };
}

export class ManagedFieldsError extends Error {
  override readonly name = 'ManagedFieldsError';
}

/** The identity of an entry: its JSON without the parts that change from write to write. */
export function buildManagerIdentifier(entry: ManagedFieldsEntry): string {
  // Field order and omitempty as metav1.ManagedFieldsEntry marshals.
  const parts: string[] = [];
  if (entry.manager) parts.push(`"manager":${goJSONString(entry.manager)}`);
  if (entry.operation) parts.push(`"operation":${goJSONString(entry.operation)}`);
  if (entry.apiVersion && entry.operation !== operationApply)
    parts.push(`"apiVersion":${goJSONString(entry.apiVersion)}`);
  if (entry.subresource) parts.push(`"subresource":${goJSONString(entry.subresource)}`);
  return `{${parts.join(',')}}`;
}

/** The manager, operation, apiVersion and subresource an identifier was built from. */
export function parseManagerIdentifier(manager: string): ManagedFieldsEntry | undefined {
  try {
    const parsed: unknown = JSON.parse(manager);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return undefined;
    const out: ManagedFieldsEntry = {};
    const fields = parsed as Record<string, unknown>;
    for (const k of ['manager', 'operation', 'apiVersion', 'subresource'] as const) {
      const v = fields[k];
      if (typeof v === 'string') out[k] = v;
    }
    return out;
  } catch {
    return undefined;
  }
}

/** Decodes an object's entries (DecodeManagedFields); throws ManagedFieldsError when one is invalid. */
export function decodeManagedFields(entries: readonly ManagedFieldsEntry[] | undefined): Managed {
  const managed = newEmptyManaged();
  (entries ?? []).forEach((entry, i) => {
    if (entry.operation !== operationApply && entry.operation !== operationUpdate)
      throw new ManagedFieldsError('operation must be `Apply` or `Update`');
    if (!entry.apiVersion) throw new ManagedFieldsError('apiVersion must not be empty');
    if (entry.fieldsType === undefined || entry.fieldsType === '')
      throw new ManagedFieldsError(`missing fieldsType in managed fields entry ${i}`);
    if (entry.fieldsType !== 'FieldsV1')
      throw new ManagedFieldsError(
        `invalid fieldsType ${JSON.stringify(entry.fieldsType)} in managed fields entry ${i}`,
      );
    const manager = buildManagerIdentifier(entry);
    let set: VersionedSet;
    try {
      set = versionedSet(setFromFieldsV1(entry.fieldsV1 ?? {}), entry.apiVersion, entry.operation === operationApply);
    } catch (err) {
      throw new ManagedFieldsError(
        `error decoding versioned set from ${manager}: error decoding set: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    managed.fields.set(manager, set);
    managed.times.set(manager, normalizeTime(entry.time));
  });
  return managed;
}

/** Encodes managers as entries, sorted (encodeManagedFields); undefined when there are none. */
export function encodeManagedFields(managed: Managed): ManagedFieldsEntry[] | undefined {
  if (managed.fields.size === 0) return undefined;
  const entries: ManagedFieldsEntry[] = [];
  for (const [manager, vs] of managed.fields) {
    const id = parseManagerIdentifier(manager) ?? {};
    // Field order as metav1.ManagedFieldsEntry marshals: manager, operation, apiVersion, time, fieldsType, fieldsV1, subresource.
    const entry: ManagedFieldsEntry = {};
    if (id.manager) entry.manager = id.manager;
    const operation = vs.applied ? operationApply : id.operation;
    if (operation) entry.operation = operation;
    entry.apiVersion = vs.apiVersion;
    const time = managed.times.get(manager);
    if (time !== undefined) entry.time = time;
    entry.fieldsType = 'FieldsV1';
    entry.fieldsV1 = setToFieldsV1(vs.set);
    if (id.subresource) entry.subresource = id.subresource;
    entries.push(entry);
  }
  return sortEncodedManagedFields(entries);
}

/** Seconds since the epoch of an RFC 3339 time, 0 when absent (metav1.Time.Unix()). */
export function unixSeconds(time: string | undefined): number {
  if (time === undefined) return 0;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? 0 : Math.floor(ms / 1000);
}

/** Apply entries first, then oldest first, then by manager, apiVersion and subresource. */
export function sortEncodedManagedFields(entries: ManagedFieldsEntry[]): ManagedFieldsEntry[] {
  return entries.sort((p, q) => {
    if (p.operation !== q.operation) return compareStrings(p.operation ?? '', q.operation ?? '');
    const ps = unixSeconds(p.time);
    const qs = unixSeconds(q.time);
    if (ps !== qs) return ps < qs ? -1 : 1;
    if (p.manager !== q.manager) return compareStrings(p.manager ?? '', q.manager ?? '');
    if (p.apiVersion !== q.apiVersion) return compareStrings(p.apiVersion ?? '', q.apiVersion ?? '');
    return compareStrings(p.subresource ?? '', q.subresource ?? '');
  });
}

/** A time as metav1.Time writes it back: UTC, seconds (a time that does not parse is kept). */
function normalizeTime(time: string | undefined): string | undefined {
  if (time === undefined) return undefined;
  const ms = Date.parse(time);
  return Number.isNaN(ms) ? time : formatTime(new Date(ms));
}

/** An RFC 3339 time with seconds precision, as metav1.Time marshals. */
export function formatTime(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`;
}
