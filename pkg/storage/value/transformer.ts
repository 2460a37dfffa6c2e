/**
 * Value transformers (k8s.io/apiserver/pkg/storage/value): what happens to an object's bytes
 * between the codec and the KV. Encryption at rest is one: the store hands each value and its
 * key to `toStorage` before writing and to `fromStorage` after reading.
 *
 *   codec ──JSON──▶ toStorage(data, key) ──"k8s:enc:aescbc:v1:key1:"‖ciphertext──▶ KV
 *   codec ◀──JSON── fromStorage(data, key) ◀──────────────────────────────────────── KV
 *
 * Transformers are synchronous: every provider here (AES, secretbox, identity) is local CPU work.
 */

export interface Transformer {
  /**
   * The bytes to store for `data`. `key` (the storage key) is authenticated data: AES-GCM binds
   * the ciphertext to it, so a value copied under another key does not decrypt.
   */
  toStorage(data: Uint8Array, key: string): Uint8Array;
  /**
   * The bytes `toStorage` was given. `stale` is true when they were written by a provider other
   * than the one writing now (a rotated key): the store then rewrites them on the next update,
   * even an update that changes nothing. Throws when they cannot be read.
   */
  fromStorage(data: Uint8Array, key: string): { data: Uint8Array; stale: boolean };
}

/** A transformer and the prefix its stored values start with (upstream's PrefixTransformer). */
export interface PrefixTransformer {
  prefix: Uint8Array;
  transformer: Transformer;
}

/**
 * Chooses by prefix (upstream's NewPrefixTransformers): writes use the first transformer and
 * prepend its prefix; a read tries every transformer whose prefix the value starts with, in
 * order, and is stale unless the first one read it. An empty prefix (identity) that fails does
 * not end the search, nor does a failure of one of several transformers sharing a prefix (the
 * same provider listed twice while its keys rotate).
 */
export function newPrefixTransformers(noMatch: string, transformers: readonly PrefixTransformer[]): Transformer {
  const first = transformers[0];
  if (!first) throw new Error('at least one transformer is required');
  return {
    toStorage(data, key) {
      const out = first.transformer.toStorage(data, key);
      const stored = new Uint8Array(first.prefix.length + out.length);
      stored.set(first.prefix);
      stored.set(out, first.prefix.length);
      return stored;
    },
    fromStorage(data, key) {
      const errors: string[] = [];
      for (const [i, { prefix, transformer }] of transformers.entries()) {
        if (!startsWith(data, prefix)) continue;
        try {
          const read = transformer.fromStorage(data.subarray(prefix.length), key);
          return { data: read.data, stale: read.stale || i !== 0 };
        } catch (err) {
          if (prefix.length > 0) errors.push(err instanceof Error ? err.message : String(err));
        }
      }
      throw new Error(errors.length > 0 ? errors.join(', ') : noMatch);
    },
  };
}

export function startsWith(data: Uint8Array, prefix: Uint8Array): boolean {
  if (data.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (data[i] !== prefix[i]) return false;
  return true;
}
