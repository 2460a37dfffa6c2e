/**
 * The secretbox transformer (value/encrypt/secretbox): XSalsa20-Poly1305 with a 32-byte key, as
 * NaCl's secretbox, which Node's crypto lacks (hence @noble/ciphers, an audited implementation).
 * Stored as nonce(24) ‖ tag(16) ‖ ciphertext, byte-compatible with upstream's.
 */
import { randomBytes } from 'node:crypto';
import { xsalsa20poly1305 } from '@noble/ciphers/salsa.js';
import type { Transformer } from '../../transformer.js';

const nonceBytes = 24;
const tagBytes = 16;

export function newSecretboxTransformer(key: Uint8Array): Transformer {
  if (key.length !== 32) throw new Error(`expected key size 32 for secretbox provider, got ${key.length}`);
  return {
    toStorage(data) {
      const nonce = randomBytes(nonceBytes);
      return Buffer.concat([nonce, xsalsa20poly1305(key, nonce).encrypt(data)]);
    },
    fromStorage(data) {
      if (data.length < nonceBytes + tagBytes) throw new Error('the stored data was shorter than the required size');
      try {
        return {
          data: xsalsa20poly1305(key, data.subarray(0, nonceBytes)).decrypt(data.subarray(nonceBytes)),
          stale: false,
        };
      } catch {
        throw new Error('output array was not large enough for encryption'); // upstream's wording for a failed open
      }
    },
  };
}
