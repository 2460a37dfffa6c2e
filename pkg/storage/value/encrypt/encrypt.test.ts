import { createDecipheriv, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { newCBCTransformer, newGCMTransformer } from './aes/aes.js';
import { identityTransformer } from './identity/identity.js';
import { newSecretboxTransformer } from './secretbox/secretbox.js';

const plain = new TextEncoder().encode('{"kind":"Secret","data":{"password":"aHVudGVyMg=="}}');
const key = '/registry/secrets/default/db';

describe('value transformers', () => {
  for (const size of [16, 24, 32]) {
    it(`aescbc (AES-${size * 8}): iv ‖ PKCS#7-padded CBC ciphertext, as upstream stores it`, () => {
      const secret = randomBytes(size);
      const stored = newCBCTransformer(secret).toStorage(plain, key);
      expect(stored.length).toBe(16 + Math.ceil((plain.length + 1) / 16) * 16);
      // Decrypting the layout independently yields the plain bytes.
      const decipher = createDecipheriv(`aes-${size * 8}-cbc`, secret, stored.subarray(0, 16));
      expect(Buffer.concat([decipher.update(stored.subarray(16)), decipher.final()])).toEqual(Buffer.from(plain));
      expect(newCBCTransformer(secret).fromStorage(stored, key)).toEqual({ data: Buffer.from(plain), stale: false });
      expect(() => newCBCTransformer(randomBytes(size)).fromStorage(stored, key)).toThrow();
    });
  }

  it('aesgcm: nonce ‖ ciphertext ‖ tag, bound to its storage key', () => {
    const secret = randomBytes(32);
    const t = newGCMTransformer(secret);
    const stored = t.toStorage(plain, key);
    expect(stored.length).toBe(12 + plain.length + 16);
    const decipher = createDecipheriv('aes-256-gcm', secret, stored.subarray(0, 12));
    decipher.setAAD(Buffer.from(key));
    decipher.setAuthTag(stored.subarray(stored.length - 16));
    expect(Buffer.concat([decipher.update(stored.subarray(12, stored.length - 16)), decipher.final()])).toEqual(
      Buffer.from(plain),
    );
    expect(Buffer.from(t.fromStorage(stored, key).data)).toEqual(Buffer.from(plain));
    // The same bytes under another key (copied in etcd) do not decrypt.
    expect(() => t.fromStorage(stored, '/registry/secrets/default/other')).toThrow(
      'cipher: message authentication failed',
    );
    expect(() => t.fromStorage(stored.subarray(0, 20), key)).toThrow(
      'the stored data was shorter than the required size',
    );
    // Every write has its own nonce.
    expect(Buffer.from(t.toStorage(plain, key))).not.toEqual(Buffer.from(stored));
  });

  it('secretbox: nonce ‖ tag ‖ XSalsa20 ciphertext; a wrong key or a flipped bit fails', () => {
    const secret = randomBytes(32);
    const t = newSecretboxTransformer(secret);
    const stored = t.toStorage(plain, key);
    expect(stored.length).toBe(24 + 16 + plain.length);
    expect(Buffer.from(t.fromStorage(stored, key).data)).toEqual(Buffer.from(plain));
    expect(() => newSecretboxTransformer(randomBytes(32)).fromStorage(stored, key)).toThrow(
      'output array was not large enough for encryption',
    );
    const tampered = Buffer.from(stored);
    tampered[tampered.length - 1]! ^= 1;
    expect(() => t.fromStorage(tampered, key)).toThrow();
    expect(() => newSecretboxTransformer(randomBytes(16))).toThrow(
      'expected key size 32 for secretbox provider, got 16',
    );
  });

  it('identity passes values through but refuses encrypted ones', () => {
    expect(identityTransformer.toStorage(plain, key)).toBe(plain);
    expect(identityTransformer.fromStorage(plain, key)).toEqual({ data: plain, stale: false });
    expect(() => identityTransformer.fromStorage(new TextEncoder().encode('k8s:enc:aescbc:v1:k:xyz'), key)).toThrow(
      'identity transformer tried to read encrypted data',
    );
  });
});
