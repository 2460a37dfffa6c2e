/**
 * Validation of field managers and managedFields entries (k8s.io/apimachinery
 * pkg/apis/meta/v1/validation: ValidateFieldManager, ValidateManagedFields).
 */
import type { ManagedFieldsEntry } from '../types.js';
import {
  type FieldError,
  forbidden,
  invalid,
  Path,
  required,
  tooLong,
} from '../../../../util/validation/field/errors.js';

export const fieldManagerMaxLength = 128;
export const maxSubresourceNameLength = 256;

/** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
export function isPrint(ch: string): boolean {
  return ch === ' ' || /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u.test(ch);
}

/** Go's %#U: `U+0007`, followed by the quoted character when printable. */
function goRune(ch: string): string {
  const hex = (ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
  return isPrint(ch) ? `U+${hex} '${ch}'` : `U+${hex}`;
}

/** At most 128 bytes, every character printable (ValidateFieldManager). */
export function validateFieldManager(fieldManager: string, fldPath: Path): FieldError[] {
  const errs: FieldError[] = [];
  if (Buffer.byteLength(fieldManager) > fieldManagerMaxLength)
    errs.push(tooLong(String(fldPath), fieldManagerMaxLength));
  let offset = 0;
  for (const ch of fieldManager) {
    if (!isPrint(ch))
      errs.push(invalid(String(fldPath), fieldManager, `invalid character ${goRune(ch)} (at position ${offset})`));
    offset += Buffer.byteLength(ch);
  }
  return errs;
}

/** Operation Apply or Update, fieldsType FieldsV1 (or empty), a valid manager, a bounded subresource. */
export function validateManagedFields(entries: readonly ManagedFieldsEntry[] | undefined, fldPath: Path): FieldError[] {
  const errs: FieldError[] = [];
  (entries ?? []).forEach((entry, i) => {
    const p = fldPath.index(i);
    if (entry.operation !== 'Apply' && entry.operation !== 'Update')
      errs.push(invalid(String(p.child('operation')), entry.operation ?? '', 'must be `Apply` or `Update`'));
    if (entry.fieldsType && entry.fieldsType !== 'FieldsV1')
      errs.push(invalid(String(p.child('fieldsType')), entry.fieldsType, 'must be `FieldsV1`'));
    errs.push(...validateFieldManager(entry.manager ?? '', p.child('manager')));
    if (Buffer.byteLength(entry.subresource ?? '') > maxSubresourceNameLength)
      errs.push(tooLong(String(p.child('subresource')), maxSubresourceNameLength));
  });
  return errs;
}

/**
 * The field-manager part of ValidatePatchOptions: apply needs a fieldManager (kubectl sends
 * `kubectl`; controllers must name themselves), `force` is for apply only, and the manager must
 * be valid. (dryRun and fieldValidation are validated with the other write options.)
 */
export function validatePatchFieldManagerOptions(
  fieldManager: string | undefined,
  force: string | undefined,
  isApply: boolean,
): FieldError[] {
  const errs: FieldError[] = [];
  if (isApply) {
    if (!fieldManager) errs.push(required('fieldManager', 'is required for apply patch'));
  } else if (force !== undefined) errs.push(forbidden('force', 'may not be specified for non-apply patch'));
  errs.push(...validateFieldManager(fieldManager ?? '', Path.root('fieldManager')));
  return errs;
}
