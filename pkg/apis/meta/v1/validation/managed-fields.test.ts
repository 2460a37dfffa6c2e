import { describe, expect, it } from 'vitest';
import { Path } from '../../../../util/validation/field/errors.js';
import { validateFieldManager, validateManagedFields, validatePatchFieldManagerOptions } from './managed-fields.js';

const messages = (errs: { toString(): string }[]): string[] => errs.map(String);

describe('field manager and managedFields validation', () => {
  it('accepts printable managers up to 128 bytes', () => {
    expect(validateFieldManager('kubectl', Path.root('fieldManager'))).toEqual([]);
    expect(validateFieldManager('x'.repeat(128), Path.root('fieldManager'))).toEqual([]);
  });

  it('rejects longer ones and unprintable characters, as upstream words it', () => {
    expect(messages(validateFieldManager('x'.repeat(129), Path.root('fieldManager')))).toEqual([
      'fieldManager: Too long: may not be more than 128 bytes',
    ]);
    expect(messages(validateFieldManager('a\u0007b', Path.root('fieldManager')))).toEqual([
      // The value as this project's field errors quote it; the detail as upstream words it.
      'fieldManager: Invalid value: "a\\u0007b": invalid character U+0007 (at position 1)',
    ]);
  });

  it('checks each entry’s operation, fields type, manager and subresource', () => {
    const errs = validateManagedFields(
      [
        { manager: 'ok', operation: 'Update', fieldsType: 'FieldsV1' },
        { manager: 'ok', operation: 'Patch', fieldsType: 'FieldsV2', subresource: 's'.repeat(257) },
      ],
      Path.root('metadata').child('managedFields'),
    );
    expect(messages(errs)).toEqual([
      'metadata.managedFields[1].operation: Invalid value: "Patch": must be `Apply` or `Update`',
      'metadata.managedFields[1].fieldsType: Invalid value: "FieldsV2": must be `FieldsV1`',
      'metadata.managedFields[1].subresource: Too long: may not be more than 256 bytes',
    ]);
  });

  it('requires a field manager for apply and refuses force elsewhere, as upstream’s ValidatePatchOptions', () => {
    expect(messages(validatePatchFieldManagerOptions(undefined, undefined, true))).toEqual([
      'fieldManager: Required value: is required for apply patch',
    ]);
    expect(messages(validatePatchFieldManagerOptions('kubectl', 'true', true))).toEqual([]);
    expect(messages(validatePatchFieldManagerOptions(undefined, 'true', false))).toEqual([
      'force: Forbidden: may not be specified for non-apply patch',
    ]);
    expect(messages(validatePatchFieldManagerOptions('x'.repeat(129), undefined, false))).toEqual([
      'fieldManager: Too long: may not be more than 128 bytes',
    ]);
  });
});
