/**
 * Errors of strategic merge patch, worded as upstream's k8s.io/apimachinery/pkg/util/mergepatch
 * and strategicpatch errors, because kubectl prints the server's message verbatim.
 *
 * Upstream's apiserver (handlers/patch.go interpretStrategicMergePatchError) maps a handful of
 * sentinel errors to 400 and 422 and passes every other error through, which clients receive as a
 * 500 Status with an empty reason. `code` records that classification so the PATCH handler can
 * answer the same way.
 */

/** How upstream's apiserver answers an error of this kind. */
export type PatchErrorCode = 400 | 422 | 500;

export class StrategicMergePatchError extends Error {
  override readonly name = 'StrategicMergePatchError';

  constructor(
    message: string,
    /** 400: malformed directive (BadRequest); 422: lists of lists; 500: anything else upstream does not classify. */
    readonly code: PatchErrorCode = 500,
  ) {
    super(message);
  }
}

// The sentinel errors upstream's interpretStrategicMergePatchError turns into 400 BadRequest.
export const errBadPatchFormatForPrimitiveList = (): StrategicMergePatchError =>
  new StrategicMergePatchError('invalid patch format of primitive list', 400);
export const errBadPatchFormatForRetainKeys = (): StrategicMergePatchError =>
  new StrategicMergePatchError('invalid patch format of retainKeys', 400);
export const errBadPatchFormatForSetElementOrderList = (): StrategicMergePatchError =>
  new StrategicMergePatchError('invalid patch format of setElementOrder list', 400);
// ...and the one it turns into 422.
export const errNoListOfLists = (): StrategicMergePatchError =>
  new StrategicMergePatchError('lists of lists are not supported', 422);

/** A list element that must carry the list's merge key does not (mergepatch.ErrNoMergeKey). */
export function errNoMergeKey(m: Record<string, unknown>, mergeKey: string): StrategicMergePatchError {
  return new StrategicMergePatchError(`map: ${goFormat(m)} does not contain declared merge key: ${mergeKey}`);
}

/** A value of the wrong JSON type where a map or list is required (mergepatch.ErrBadArgType). */
export function errBadArgType(expected: 'map' | 'list', actual: unknown): StrategicMergePatchError {
  return new StrategicMergePatchError(
    `expected a ${expected === 'map' ? goMapType : goSliceType}, but received a ${goTypeName(actual)}`,
  );
}

/** An unknown `$patch` value (mergepatch.ErrBadPatchType). */
export function errBadPatchType(directive: unknown, m: Record<string, unknown>): StrategicMergePatchError {
  return new StrategicMergePatchError(`unknown patch type: ${goFormat(directive, 's')} in map: ${goFormat(m)}`);
}

const goMapType = 'map[string]interface {}';
const goSliceType = '[]interface {}';

/**
 * The Go type a decoded JSON value has inside the apiserver (integers are int64 because the
 * apiserver decodes patches preserving ints), as `reflect.TypeOf(v)` prints with `%s`.
 */
export function goTypeName(v: unknown): string {
  if (v === null || v === undefined) return '%!s(<nil>)';
  if (Array.isArray(v)) return goSliceType;
  switch (typeof v) {
    case 'object':
      return goMapType;
    case 'string':
      return 'string';
    case 'boolean':
      return 'bool';
    case 'number':
      return Number.isSafeInteger(v) ? 'int64' : 'float64';
    default:
      return typeof v;
  }
}

/**
 * Formats a decoded JSON value as Go's fmt does with `%v` (or `%s`), so messages that embed
 * patch content read exactly like upstream's: `map[image:nginx ports:[map[containerPort:80]]]`.
 * Map keys are sorted, as fmt sorts them.
 */
export function goFormat(v: unknown, verb: 'v' | 's' = 'v'): string {
  if (v === null || v === undefined) return verb === 'v' ? '<nil>' : '%!s(<nil>)';
  if (Array.isArray(v)) return `[${v.map((e) => goFormat(e, verb)).join(' ')}]`;
  switch (typeof v) {
    case 'object': {
      const m = v as Record<string, unknown>;
      const keys = Object.keys(m).sort();
      return `map[${keys.map((k) => `${k}:${goFormat(m[k], verb)}`).join(' ')}]`;
    }
    case 'string':
      return v;
    case 'boolean':
      return verb === 'v' ? String(v) : `%!s(bool=${String(v)})`;
    case 'number': {
      const text = Number.isSafeInteger(v) ? String(v) : goFloat(v);
      return verb === 'v' ? text : `%!s(${goTypeName(v)}=${text})`;
    }
    default:
      return String(v);
  }
}

/** Go's `%v` of a float64: shortest digits, exponent form below 1e-4 or from 1e+06 on. */
function goFloat(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? '+Inf' : x < 0 ? '-Inf' : 'NaN';
  const [mantissa = '0', exponent = '0'] = x.toExponential().split('e');
  const exp = Number(exponent);
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? '-' : '+';
    const digits = String(Math.abs(exp)).padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  return String(x);
}
