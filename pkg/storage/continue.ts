/**
 * Continue tokens for paged lists, in upstream's wire format (k8s.io/apiserver/pkg/storage
 * continue.go): unpadded base64url of {"v":"meta.k8s.io/v1","rv":N,"start":"<key after prefix>"},
 * so a token from a real kube-apiserver and one from us look (and decode) the same.
 */
import { StorageError } from './errors/errors.js';

const tokenVersion = 'meta.k8s.io/v1';

/** Where a token says the list goes on: the full start key and the revision (-1: the latest). */
export interface ContinuePosition {
  fromKey: string;
  resourceVersion: number;
}

/** Encodes "continue from `key` at `resourceVersion`"; `key` must be under `keyPrefix`. */
export function encodeContinue(key: string, keyPrefix: string, resourceVersion: number): string {
  if (!key.startsWith(keyPrefix) || key === keyPrefix) {
    throw new Error(`unable to encode next field: the key and key prefix do not match ${keyPrefix} ${key}`);
  }
  const json = goJSONEscapes(
    JSON.stringify({ v: tokenVersion, rv: resourceVersion, start: key.slice(keyPrefix.length) }),
  );
  return Buffer.from(json, 'utf8').toString('base64url');
}

/**
 * Decodes a token for a list under `keyPrefix`. A malformed token throws InvalidArgument with
 * upstream's wording ("invalid continue token: continue key is not valid…"), which the registry
 * answers with 400 BadRequest.
 */
export function decodeContinue(token: string, keyPrefix: string): ContinuePosition {
  const bad = (why: string) => new StorageError('InvalidArgument', keyPrefix, `invalid continue token: ${why}`);
  const illegal = firstIllegalBase64(token);
  if (illegal >= 0) throw bad(`continue key is not valid: illegal base64 data at input byte ${illegal}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch (err) {
    throw bad(`continue key is not valid: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw bad('continue key is not valid: json: cannot unmarshal into Go value of type storage.continueToken');
  }
  const { v, rv, start } = parsed as Record<string, unknown>;
  if (v !== tokenVersion) {
    throw bad(
      `continue key is not valid: server does not recognize this encoded version ${typeof v === 'string' ? v : ''}`,
    );
  }
  if (rv === undefined || rv === 0)
    throw bad('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  if (typeof rv !== 'number' || !Number.isSafeInteger(rv)) {
    throw bad('continue key is not valid: json: cannot unmarshal into Go struct field continueToken.rv of type int64');
  }
  if (start === undefined || start === '')
    throw bad('continue key is not valid: encoded start key empty (version meta.k8s.io/v1)');
  if (typeof start !== 'string')
    throw bad(
      'continue key is not valid: json: cannot unmarshal into Go struct field continueToken.start of type string',
    );
  // Path traversal defence, as upstream: the start key must already be a clean path, so that
  // prefix + start can never range over anything outside the prefix.
  const key = start.startsWith('/') ? start : `/${start}`;
  if (!isCleanPath(key)) throw bad(`continue key is not valid: ${start}`);
  return { fromKey: keyPrefix + key.slice(1), resourceVersion: rv };
}

/** Index of the first byte Go's base64.RawURLEncoding would reject, or -1. */
function firstIllegalBase64(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    const ok = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 45 || c === 95;
    if (!ok) return i;
  }
  // A single leftover character cannot encode a byte.
  return s.length % 4 === 1 ? s.length - 1 : -1;
}

/** True when Go's path.Clean would return the absolute path unchanged. */
function isCleanPath(p: string): boolean {
  if (p === '/') return true;
  if (p.endsWith('/')) return false;
  for (const segment of p.slice(1).split('/')) {
    if (segment === '' || segment === '.' || segment === '..') return false;
  }
  return true;
}

/** Go's encoding/json escapes these where JSON.stringify does not; match it byte for byte. */
function goJSONEscapes(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
