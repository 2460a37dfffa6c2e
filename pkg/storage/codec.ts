/**
 * The object codec and resourceVersion versioner (upstream's APIObjectVersioner): objects are
 * stored as JSON without metadata.resourceVersion, and every read sets it from the revision the
 * object was read at, so the stored bytes never disagree with the revision.
 */
import type { KubeObject } from '../apis/meta/v1/types.js';
import { StorageError } from './errors/errors.js';
import type { Transformer } from './value/transformer.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The stored bytes of `obj`: its JSON without metadata.resourceVersion. Does not modify `obj`. */
export function encodeObject(obj: KubeObject): Uint8Array {
  const meta = obj.metadata;
  if (meta?.resourceVersion === undefined) return encoder.encode(JSON.stringify(obj));
  const { resourceVersion: _dropped, ...rest } = meta;
  return encoder.encode(JSON.stringify({ ...obj, metadata: rest }));
}

/** A fresh object from stored bytes, with metadata.resourceVersion set to `revision`. Throws Corrupt. */
export function decodeObject(key: string, value: Uint8Array, revision: number): KubeObject {
  let obj: unknown;
  try {
    obj = JSON.parse(decoder.decode(value));
  } catch (err) {
    throw new StorageError(
      'Corrupt',
      key,
      `unable to decode the object stored at ${key}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
    throw new StorageError('Corrupt', key, `unable to decode the object stored at ${key}: not a JSON object`);
  }
  const o = obj as KubeObject;
  if (typeof o.metadata !== 'object' || o.metadata === null) o.metadata = {};
  o.metadata.resourceVersion = String(revision);
  return o;
}

/**
 * The plain bytes of a value as stored (decrypted, when encryption at rest applies to it), and
 * whether it is stale (written with a key other than the current one). Corrupt when unreadable,
 * worded as upstream's `unable to transform key`.
 */
export function readStored(
  transformer: Transformer,
  key: string,
  value: Uint8Array,
): { data: Uint8Array; stale: boolean } {
  try {
    return transformer.fromStorage(value, key);
  } catch (err) {
    throw new StorageError(
      'Corrupt',
      key,
      `unable to transform key ${JSON.stringify(key)}: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

/** The object stored at `key`: readStored, then decodeObject. */
export function decodeStored(transformer: Transformer, key: string, value: Uint8Array, revision: number): KubeObject {
  return decodeObject(key, readStored(transformer, key, value).data, revision);
}

/**
 * Every watcher of a key receives the same KV event, value bytes included: decoding them once
 * and sharing the object saves one JSON.parse per watcher per event (with 1,000 watchers, most of
 * the fan-out cost). The shared object is read-only to its receivers — whoever needs to change it
 * copies it first — and is collected with the event.
 */
const sharedDecodes = new WeakMap<Uint8Array, KubeObject>();

/** decodeStored, shared by everyone decoding the very same stored bytes (watch fan-out). Treat the result as read-only. */
export function decodeShared(transformer: Transformer, key: string, value: Uint8Array, revision: number): KubeObject {
  let obj = sharedDecodes.get(value);
  if (!obj || obj.metadata.resourceVersion !== String(revision)) {
    obj = decodeStored(transformer, key, value, revision);
    sharedDecodes.set(value, obj);
  }
  return obj;
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.length).equals(b);
}

/**
 * Parses a resourceVersion parameter ("" and "0" are 0) like upstream's ParseResourceVersion
 * (strconv.ParseUint); a malformed one throws InvalidArgument carrying upstream's field error text.
 */
export function parseResourceVersion(resourceVersion: string | undefined, key: string, context = ''): number {
  if (resourceVersion === undefined || resourceVersion === '' || resourceVersion === '0') return 0;
  let why = '';
  if (!/^[0-9]+$/.test(resourceVersion)) why = 'invalid syntax';
  else if (BigInt(resourceVersion) > 0xffffffffffffffffn) why = 'value out of range';
  if (why) {
    const quoted = JSON.stringify(resourceVersion);
    throw new StorageError(
      'InvalidArgument',
      key,
      `${context}resourceVersion: Invalid value: ${quoted}: strconv.ParseUint: parsing ${quoted}: ${why}`,
    );
  }
  return Number(resourceVersion);
}
