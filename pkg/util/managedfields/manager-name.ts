/**
 * The manager a write is recorded under (k8s.io/apiserver handlers' managerOrUserAgent): the
 * `fieldManager` query parameter, else the product name the User-Agent starts with —
 * `kubectl-client-side-apply/v1.33.1 (linux/amd64) kubernetes/8adc0f0` → `kubectl-client-side-apply`.
 */
import { fieldManagerMaxLength, isPrint } from '../../apis/meta/v1/validation/managed-fields.js';

export function managerOrUserAgent(manager: string | undefined, userAgent: string | undefined): string {
  if (manager) return manager;
  return prefixFromUserAgent(userAgent ?? '');
}

/** What precedes the first `/`, without unprintable characters, cut at 128 bytes. */
export function prefixFromUserAgent(userAgent: string): string {
  const head = userAgent.split('/')[0] ?? '';
  let out = '';
  let bytes = 0;
  for (const ch of head) {
    if (!isPrint(ch)) continue;
    const size = Buffer.byteLength(ch);
    if (bytes + size > fieldManagerMaxLength) break;
    out += ch;
    bytes += size;
  }
  return out;
}
