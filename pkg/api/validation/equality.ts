/**
 * Semantic equality of decoded API values (k8s.io/apimachinery/pkg/api/equality Semantic).
 * Go compares typed structs, where an omitted field and its zero value ("" / [] / {}) are the
 * same thing; JSON objects lose that, so absent, null, "", [] and {} compare equal here. Numbers
 * and booleans are compared exactly: 0/false can be meaningful where Go uses pointers.
 */

function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v as object).length === 0;
  return false;
}

export function semanticDeepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isEmpty(a) && isEmpty(b)) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => semanticDeepEqual(x, b[i]));
  }
  if (typeof a === 'object' && typeof b === 'object' && a !== null && b !== null) {
    const ao = a as Record<string, unknown>;
    const bo = b as Record<string, unknown>;
    const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
    for (const k of keys) if (!semanticDeepEqual(ao[k], bo[k])) return false;
    return true;
  }
  return false;
}
