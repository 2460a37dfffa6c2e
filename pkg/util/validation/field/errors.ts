/**
 * Field errors (k8s.io/apimachinery/pkg/util/validation/field): one problem at one field path.
 * Validation collects every FieldError before the registry turns the list into a 422 Invalid.
 * `toString()` matches upstream's wording, because kubectl prints it verbatim:
 *   spec.replicas: Invalid value: -1: must be greater than or equal to 0
 */
/**
 * The kinds of field error (upstream field.ErrorType). Each is also the StatusCause reason a 422
 * carries for it; meta/v1's CauseType adds the reasons that come from elsewhere.
 */
export type FieldErrorType =
  | 'FieldValueNotFound'
  | 'FieldValueRequired'
  | 'FieldValueDuplicate'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'InternalError'
  | 'FieldValueTypeInvalid';

const typeText: Record<FieldErrorType, string> = {
  FieldValueNotFound: 'Not found',
  FieldValueRequired: 'Required value',
  FieldValueDuplicate: 'Duplicate value',
  FieldValueInvalid: 'Invalid value',
  FieldValueNotSupported: 'Unsupported value',
  FieldValueForbidden: 'Forbidden',
  FieldValueTooLong: 'Too long',
  FieldValueTooMany: 'Too many',
  InternalError: 'Internal error',
  FieldValueTypeInvalid: 'Invalid value',
};

/** Marks a FieldError whose bad value should not be printed. */
export const omitValue = Symbol('omitValue');

export class FieldError {
  constructor(
    readonly type: FieldErrorType,
    readonly field: string,
    readonly badValue: unknown,
    readonly detail: string,
  ) {}

  /** The message without the field path, used as a Status cause's message. */
  body(): string {
    let s = typeText[this.type];
    const printsValue =
      !['FieldValueRequired', 'FieldValueForbidden', 'FieldValueTooLong', 'InternalError'].includes(this.type) &&
      this.badValue !== omitValue;
    if (printsValue) s += `: ${formatBadValue(this.badValue)}`;
    if (this.detail) s += `: ${this.detail}`;
    return s;
  }

  toString(): string {
    return `${this.field}: ${this.body()}`;
  }
}

function formatBadValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null || value === undefined) return 'null';
  return JSON.stringify(value);
}

export function required(field: string, detail = ''): FieldError {
  return new FieldError('FieldValueRequired', field, '', detail);
}

export function invalid(field: string, value: unknown, detail: string): FieldError {
  return new FieldError('FieldValueInvalid', field, value, detail);
}

export function notSupported(field: string, value: unknown, valid: readonly string[]): FieldError {
  const detail = valid.length > 0 ? `supported values: ${valid.map((v) => JSON.stringify(v)).join(', ')}` : '';
  return new FieldError('FieldValueNotSupported', field, value, detail);
}

export function forbidden(field: string, detail: string): FieldError {
  return new FieldError('FieldValueForbidden', field, '', detail);
}

export function duplicate(field: string, value: unknown): FieldError {
  return new FieldError('FieldValueDuplicate', field, value, '');
}

export function notFound(field: string, value: unknown): FieldError {
  return new FieldError('FieldValueNotFound', field, value, '');
}

export function tooLong(field: string, maxLength: number): FieldError {
  return new FieldError('FieldValueTooLong', field, '', `may not be more than ${maxLength} bytes`);
}

export function tooMany(field: string, actual: number, max: number): FieldError {
  return new FieldError('FieldValueTooMany', field, actual, `must have at most ${max} items`);
}

/** Builds field paths the way upstream's field.Path prints them: `spec.containers[0].image`, `metadata.labels[app]`. */
export class Path {
  private constructor(private readonly text: string) {}

  static root(name: string): Path {
    return new Path(name);
  }

  child(name: string, ...more: string[]): Path {
    let p = this.text === '' ? name : `${this.text}.${name}`;
    for (const m of more) p += `.${m}`;
    return new Path(p);
  }

  index(i: number): Path {
    return new Path(`${this.text}[${i}]`);
  }

  key(k: string): Path {
    return new Path(`${this.text}[${k}]`);
  }

  toString(): string {
    return this.text;
  }
}
