/**
 * The Kubernetes protobuf wire format (k8s.io/apimachinery/pkg/runtime/serializer/protobuf):
 *
 *   6b 38 73 00 | runtime.Unknown { typeMeta {apiVersion, kind}, raw, contentEncoding, contentType }
 *   "k8s\0"       raw = the kind's own message, e.g. k8s.io.api.core.v1.Namespace
 *
 * Decoding yields the JSON object a JSON client would have sent (see decode.ts and well-known.ts);
 * encoding is the inverse, for tests, fixtures and the benchmark.
 */
import type { GroupVersionKind } from '../../../apis/meta/v1/types.js';
import { groupVersionString, parseGroupVersion } from '../../schema/group-version.js';
import { DecodeError } from '../errors/errors.js';
import { decodeRaw, decodeToJSON } from './decode.js';
import { encodeFromJSON, encodeRaw } from './encode.js';
import type { ProtobufSchema } from './schema.js';
import type { DecodedMessage } from './well-known.js';

export const protobufMediaType = 'application/vnd.kubernetes.protobuf';

/** "k8s\0": the magic prefix; the fourth byte (0) selects runtime.Unknown as the envelope. */
export const protoEncodingPrefix: Uint8Array = Uint8Array.of(0x6b, 0x38, 0x73, 0x00);

/** A kind the schema has no protobuf message for: the HTTP layer answers 415 as upstream. */
export class NoProtobufMessageError extends Error {
  constructor(readonly gvk: GroupVersionKind) {
    super(`no protobuf message for ${groupVersionString(gvk)}, Kind=${gvk.kind}`);
    this.name = 'NoProtobufMessageError';
  }
}

export interface DecodedObject {
  /** The object as JSON, with `apiVersion` and `kind` from the envelope (or the defaults). */
  object: Record<string, unknown>;
  gvk: GroupVersionKind;
}

/**
 * Decodes a protobuf request body. Missing envelope kind/version are taken from `defaults` (the
 * kind the endpoint serves), as upstream's copyKindDefaults does.
 * @throws DecodeError with upstream's wording (`provided data does not appear to be a protobuf
 *   message, expected prefix [107 56 115 0]`, `empty body`, `Object 'Kind' is missing in …`,
 *   `unexpected EOF`), carrying the envelope's kind when it was readable.
 * @throws NoProtobufMessageError when the kind has no protobuf form.
 */
export function decodeProtobuf(schema: ProtobufSchema, data: Uint8Array, defaults?: GroupVersionKind): DecodedObject {
  if (data.length === 0) throw new DecodeError('empty data');
  if (data.length < protoEncodingPrefix.length || !protoEncodingPrefix.every((b, i) => data[i] === b)) {
    throw new DecodeError(
      `provided data does not appear to be a protobuf message, expected prefix [${protoEncodingPrefix.join(' ')}]`,
    );
  }
  if (data.length === protoEncodingPrefix.length) throw new DecodeError('empty body');

  const unknown = wireErrors(() => decodeRaw(schema.unknown, data.subarray(protoEncodingPrefix.length)));
  const typeMeta = (unknown.typeMeta ?? {}) as DecodedMessage & { apiVersion?: string; kind?: string };
  const gvk = envelopeKind(typeMeta, defaults);
  if (!gvk.kind) throw new DecodeError(`Object 'Kind' is missing in '${goTypeMeta(typeMeta)}'`, gvk);
  if (!gvk.version) throw new DecodeError(`Object 'apiVersion' is missing in '${goTypeMeta(typeMeta)}'`, gvk);

  const plan = schema.messageFor(gvk);
  if (!plan) throw new NoProtobufMessageError(gvk);
  const raw = unknown.raw instanceof Uint8Array ? unknown.raw : new Uint8Array(0);
  let object: Record<string, unknown>;
  try {
    object = wireErrors(() => decodeToJSON(plan, raw));
  } catch (err) {
    throw err instanceof DecodeError
      ? new DecodeError(err.message, gvk)
      : new DecodeError(err instanceof Error ? err.message : String(err), gvk);
  }
  return { object: { apiVersion: groupVersionString(gvk), kind: gvk.kind, ...object }, gvk };
}

/**
 * Encodes an object (with apiVersion and kind) in the Kubernetes protobuf wire format.
 * @throws NoProtobufMessageError when the kind has no protobuf form.
 */
export function encodeProtobuf(schema: ProtobufSchema, object: Record<string, unknown>): Uint8Array {
  const gv = parseGroupVersion(String(object.apiVersion ?? ''));
  const gvk: GroupVersionKind = { ...gv, kind: String(object.kind ?? '') };
  const plan = schema.messageFor(gvk);
  if (!plan) throw new NoProtobufMessageError(gvk);
  const raw = encodeFromJSON(plan, object);
  const envelope = encodeRaw(schema.unknown, {
    typeMeta: { apiVersion: groupVersionString(gvk), kind: gvk.kind },
    raw,
  });
  return Buffer.concat([protoEncodingPrefix, envelope]);
}

function envelopeKind(typeMeta: { apiVersion?: string; kind?: string }, defaults?: GroupVersionKind): GroupVersionKind {
  let gv = { group: '', version: '' };
  try {
    gv = parseGroupVersion(typeMeta.apiVersion ?? '');
  } catch {
    // An unparsable apiVersion leaves the version empty: reported as missing below, as upstream.
  }
  const gvk = { ...gv, kind: typeMeta.kind ?? '' };
  if (defaults) {
    if (!gvk.kind) gvk.kind = defaults.kind;
    if (!gvk.version && defaults.version) {
      gvk.group = defaults.group;
      gvk.version = defaults.version;
    }
  }
  return gvk;
}

/** Go's %#v of runtime.TypeMeta, which upstream puts in its missing-kind messages. */
function goTypeMeta(t: { apiVersion?: string; kind?: string }): string {
  return `runtime.TypeMeta{APIVersion:${JSON.stringify(t.apiVersion ?? '')}, Kind:${JSON.stringify(t.kind ?? '')}}`;
}

/** Runs a decode, rewording protobufjs Reader errors as Go's protobuf runtime reports them. */
function wireErrors<T>(decode: () => T): T {
  try {
    return decode();
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    if (err instanceof RangeError || /index out of range/.test(message)) throw new DecodeError('unexpected EOF');
    throw new DecodeError(`proto: ${message}`);
  }
}
