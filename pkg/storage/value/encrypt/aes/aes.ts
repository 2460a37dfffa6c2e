/**
 * AES transformers (value/encrypt/aes), byte-compatible with upstream's:
 *
 *   aesgcm  nonce(12) ‖ ciphertext ‖ tag(16)   the storage key is authenticated data
 *   aescbc  iv(16) ‖ ciphertext (PKCS#7 padded)
 *
 * Keys are 16, 24 or 32 bytes (AES-128/192/256). Nonces and IVs are random per write.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Transformer } from '../../transformer.js';

const gcmNonceBytes = 12;
const gcmTagBytes = 16;
const blockBytes = 16;

export function newGCMTransformer(key: Uint8Array): Transformer {
  const algorithm = `aes-${keyBits(key)}-gcm` as const;
  return {
    toStorage(data, storageKey) {
      const nonce = randomBytes(gcmNonceBytes);
      const cipher = createCipheriv(algorithm, key, nonce);
      cipher.setAAD(Buffer.from(storageKey, 'utf8'));
      return Buffer.concat([nonce, cipher.update(data), cipher.final(), cipher.getAuthTag()]);
    },
    fromStorage(data, storageKey) {
      if (data.length < gcmNonceBytes + gcmTagBytes)
        throw new Error('the stored data was shorter than the required size');
      const decipher = createDecipheriv(algorithm, key, data.subarray(0, gcmNonceBytes));
      decipher.setAAD(Buffer.from(storageKey, 'utf8'));
      decipher.setAuthTag(data.subarray(data.length - gcmTagBytes));
      try {
        return {
          data: Buffer.concat([
            decipher.update(data.subarray(gcmNonceBytes, data.length - gcmTagBytes)),
            decipher.final(),
          ]),
          stale: false,
        };
      } catch {
        throw new Error('cipher: message authentication failed');
      }
    },
  };
}

export function newCBCTransformer(key: Uint8Array): Transformer {
  const algorithm = `aes-${keyBits(key)}-cbc`;
  return {
    toStorage(data) {
      const iv = randomBytes(blockBytes);
      const cipher = createCipheriv(algorithm, key, iv);
      return Buffer.concat([iv, cipher.update(data), cipher.final()]);
    },
    fromStorage(data) {
      if (data.length < blockBytes) throw new Error('the stored data was shorter than the required size');
      const body = data.subarray(blockBytes);
      if (body.length % blockBytes !== 0) throw new Error('the stored data is not a multiple of the block size');
      const decipher = createDecipheriv(algorithm, key, data.subarray(0, blockBytes));
      try {
        return { data: Buffer.concat([decipher.update(body), decipher.final()]), stale: false };
      } catch {
        throw new Error('invalid padding on input');
      }
    },
  };
}

function keyBits(key: Uint8Array): 128 | 192 | 256 {
  switch (key.length) {
    case 16:
      return 128;
    case 24:
      return 192;
    case 32:
      return 256;
    default:
      throw new Error(`crypto/aes: invalid key size ${key.length}`);
  }
}
