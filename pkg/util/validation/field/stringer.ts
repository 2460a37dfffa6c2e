/**
 * Field errors whose bad value prints without quotes. Upstream prints a value that implements
 * fmt.Stringer (resource.Quantity, for one) with its String() form, not as a quoted string:
 *   spec.containers[0].resources.requests[pods]: Invalid value: 1500m: must be an integer
 */
import { FieldError, type FieldErrorType } from './errors.js';

class StringerFieldError extends FieldError {
  constructor(
    type: FieldErrorType,
    field: string,
    private readonly text: string,
    detail: string,
  ) {
    super(type, field, text, detail);
  }

  override body(): string {
    const label =
      this.type === 'FieldValueNotSupported'
        ? 'Unsupported value'
        : this.type === 'FieldValueDuplicate'
          ? 'Duplicate value'
          : 'Invalid value';
    return this.detail ? `${label}: ${this.text}: ${this.detail}` : `${label}: ${this.text}`;
  }
}

/** Invalid with a bad value printed verbatim (a Stringer's String()). */
export function invalidStringer(field: string, text: string, detail: string): FieldError {
  return new StringerFieldError('FieldValueInvalid', field, text, detail);
}

/** Duplicate with a bad value printed verbatim (and an optional detail, as some upstream callers set). */
export function duplicateStringer(field: string, text: string, detail = ''): FieldError {
  return new StringerFieldError('FieldValueDuplicate', field, text, detail);
}

/** NotSupported with a bad value printed verbatim (e.g. Go's `[]string{"x"}` for a slice). */
export function notSupportedStringer(field: string, text: string, valid: readonly string[]): FieldError {
  return new StringerFieldError(
    'FieldValueNotSupported',
    field,
    text,
    valid.length > 0 ? `supported values: ${valid.map((v) => JSON.stringify(v)).join(', ')}` : '',
  );
}
