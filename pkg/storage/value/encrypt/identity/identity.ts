/**
 * The identity transformer (value/encrypt/identity): stores values as they are. Reading a value
 * that was encrypted fails instead of handing ciphertext to the codec, so a server started
 * without its encryption config says so rather than reporting garbled objects.
 */
import { startsWith, type Transformer } from '../../transformer.js';

const encryptedPrefix = new TextEncoder().encode('k8s:enc:');

export const identityTransformer: Transformer = {
  toStorage: (data) => data,
  fromStorage(data) {
    if (startsWith(data, encryptedPrefix)) throw new Error('identity transformer tried to read encrypted data');
    return { data, stale: false };
  },
};
