/**
 * JSON merge patch (RFC 7386), what `kubectl label`, `annotate` and `scale` send as
 * `application/merge-patch+json`: objects merge key by key, `null` deletes a key, and anything
 * else (arrays included) replaces the target value whole.
 */
export type JSONValue = null | boolean | number | string | JSONValue[] | { [key: string]: JSONValue };

export function isJSONObject(v: unknown): v is { [key: string]: JSONValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The result nests no deeper than its inputs. Recursion depth is bounded: decoders refuse values nested past maxNestingDepth (pkg/util/json/depth.ts). */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isJSONObject(patch)) return patch;
  const result: Record<string, unknown> = isJSONObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}
