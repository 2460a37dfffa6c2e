/**
 * The parts of upstream's v1 ↔ internal conversion that clients can observe, applied to the wire
 * object directly (we store v1): Secret.stringData is write-only, merged into data.
 */
import type { Secret } from './types.js';

/**
 * Moves stringData into data (base64-encoded; stringData wins on a shared key) and drops it, as
 * upstream's Convert_v1_Secret_To_core_Secret does before validation and storage.
 */
export function mergeSecretStringData(secret: Secret): void {
  if (secret.stringData === undefined || secret.stringData === null) return;
  const data = (secret.data ??= {});
  for (const [k, v] of Object.entries(secret.stringData)) data[k] = Buffer.from(v ?? '', 'utf8').toString('base64');
  delete secret.stringData;
}
