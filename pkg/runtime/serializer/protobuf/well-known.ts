/**
 * The apimachinery types whose protobuf form differs from their JSON form, converted both ways.
 * JSON shapes follow the Go MarshalJSON/UnmarshalJSON of each type:
 *
 *   meta/v1 Time        {seconds, nanos}        ⇄ "2024-05-01T10:00:00Z" (seconds precision; zero → null)
 *   meta/v1 MicroTime   {seconds, nanos}        ⇄ "2024-05-01T10:00:00.123456Z" (zero → null)
 *   intstr IntOrString  {type, intVal, strVal}  ⇄ 8080 | "http"
 *   resource Quantity   {string}                ⇄ "500m"
 *   runtime RawExtension{raw: JSON bytes}       ⇄ the embedded JSON value
 *   meta/v1 FieldsV1    {Raw: JSON bytes}       ⇄ the embedded JSON object
 */
import { RecursionDepthError } from '../errors/errors.js';
import { decodeJSON, JSONSyntaxError } from '../json/json.js';

const pkg = 'k8s.io.apimachinery.pkg.';
export const timeType = `${pkg}apis.meta.v1.Time`;
export const microTimeType = `${pkg}apis.meta.v1.MicroTime`;
export const intOrStringType = `${pkg}util.intstr.IntOrString`;
export const quantityType = `${pkg}api.resource.Quantity`;
export const rawExtensionType = `${pkg}runtime.RawExtension`;
export const fieldsV1Type = `${pkg}apis.meta.v1.FieldsV1`;

/** A decoded protobuf message: own properties are the fields present on the wire. */
export type DecodedMessage = Record<string, unknown>;

/** An int64 as protobufjs returns it (a number, or a Long when the `long` package is loadable) as a number. */
export function int64ToNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'object' && value !== null && 'toNumber' in value && typeof value.toNumber === 'function')
    return Number(value.toNumber());
  return Number(value);
}

/**
 * metav1.Time: an empty message is Go's zero time (JSON null); otherwise whole seconds since the
 * epoch. Go drops the nanos when reading protobuf so that JSON and protobuf clients store the same
 * value; so do we.
 */
export function timeToJSON(message: DecodedMessage): string | null {
  if (!hasOwn(message, 'seconds') && !hasOwn(message, 'nanos')) return null;
  return formatRFC3339(int64ToNumber(message.seconds ?? 0), 0, false);
}

/** metav1.MicroTime: like Time, keeping microseconds (always six digits, as Go's RFC3339Micro). */
export function microTimeToJSON(message: DecodedMessage): string | null {
  if (!hasOwn(message, 'seconds') && !hasOwn(message, 'nanos')) return null;
  return formatRFC3339(int64ToNumber(message.seconds ?? 0), Math.trunc(Number(message.nanos ?? 0) / 1000), true);
}

function formatRFC3339(seconds: number, micros: number, withMicros: boolean): string {
  const base = new Date(seconds * 1000).toISOString().slice(0, 19);
  return withMicros ? `${base}.${String(micros).padStart(6, '0')}Z` : `${base}Z`;
}

/**
 * Parses an RFC 3339 timestamp into protobuf {seconds, nanos}. Go's zero time (JSON null or
 * missing) is the empty message.
 * @throws Error when the string is not RFC 3339.
 */
export function timeFromJSON(value: unknown, keepMicros: boolean): DecodedMessage {
  if (value === null || value === undefined || value === '') return {};
  const text = String(value);
  const match = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!match) throw new Error(`parsing time ${JSON.stringify(text)} as RFC3339`);
  const millis = Date.parse(`${match[1]}${match[3]}`);
  if (Number.isNaN(millis)) throw new Error(`parsing time ${JSON.stringify(text)} as RFC3339`);
  const fraction = keepMicros ? (match[2] ?? '').padEnd(9, '0').slice(0, 6) : '';
  const nanos = fraction ? Number(fraction) * 1000 : 0;
  return nanos ? { seconds: millis / 1000, nanos } : { seconds: millis / 1000 };
}

/** intstr.IntOrString: type 1 is a string, anything else (including absent) an int32. */
export function intOrStringToJSON(message: DecodedMessage): number | string {
  if (int64ToNumber(message.type ?? 0) === 1) return String(message.strVal ?? '');
  return Number(message.intVal ?? 0);
}

export function intOrStringFromJSON(value: unknown): DecodedMessage {
  return typeof value === 'string' ? { type: 1, strVal: value } : { type: 0, intVal: Number(value) };
}

export function quantityToJSON(message: DecodedMessage): string {
  return String(message.string ?? '');
}

export function quantityFromJSON(value: unknown): DecodedMessage {
  return { string: typeof value === 'number' ? String(value) : String(value ?? '') };
}

/**
 * RawExtension and FieldsV1 carry JSON bytes. Empty bytes are Go's nil (JSON null); bytes that
 * are not JSON (an object encoded in another format) cannot be shown to a JSON client.
 * The JSON may nest at most `maxDepth` levels (what is left of the limit where it lands).
 * @throws Error when the bytes are not JSON; RecursionDepthError when they nest too deeply.
 */
export function embeddedJSONToJSON(raw: unknown, maxDepth: number): unknown {
  if (!(raw instanceof Uint8Array) || raw.length === 0) return null;
  const text = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength).toString('utf8');
  try {
    return decodeJSON(text, Math.max(maxDepth, 0));
  } catch (err) {
    if (err instanceof JSONSyntaxError && err.exceededDepth) throw new RecursionDepthError();
    throw new Error('embedded object is not JSON');
  }
}

export function embeddedJSONFromJSON(value: unknown): Uint8Array {
  return value === null || value === undefined ? new Uint8Array(0) : Buffer.from(JSON.stringify(value), 'utf8');
}

/**
 * Go decodes []byte from standard base64 and rejects anything else.
 * @throws Error `illegal base64 data at input byte N` as Go words it.
 */
export function bytesFromJSON(value: unknown): Uint8Array {
  const text = String(value ?? '');
  const bad = /[^A-Za-z0-9+/=]/.exec(text);
  if (bad || text.length % 4 !== 0)
    throw new Error(`illegal base64 data at input byte ${bad ? bad.index : text.length}`);
  return Buffer.from(text, 'base64');
}

export function hasOwn(object: object, key: string): boolean {
  return Object.hasOwn(object, key);
}
