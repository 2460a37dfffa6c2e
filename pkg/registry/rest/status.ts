/**
 * Building blocks for strategies of resources with a status subresource, and for generation
 * tracking (upstream repeats these few lines in every strategy.go; here they are shared):
 *
 *   main strategy    prepareForCreate: resetStatus + initGeneration
 *                    prepareForUpdate: preserveStatus + incrementGenerationOnSpecChange
 *   status strategy  prepareForUpdate: preserveAllButStatus
 *
 * The Store has already copied metadata.generation from the old object before prepareForUpdate,
 * so a user can never set it.
 */
import type { KubeObject } from '../../apis/meta/v1/types.js';

/**
 * On create: users do not set status; it starts as `status`, by default empty (`status: {}`), as
 * upstream's zero-valued struct.
 */
export function resetStatus(obj: KubeObject, status: object = {}): void {
  obj.status = status;
}

/** Main-resource update: whatever the request says, status stays as stored. */
export function preserveStatus(obj: KubeObject, old: KubeObject): void {
  if (old.status === undefined) delete obj.status;
  else obj.status = structuredClone(old.status);
}

/**
 * /status update: every top-level field other than metadata and status comes from the stored
 * object. Metadata stays as sent (the Store guards the immutable parts); a strategy that also
 * protects labels or ownerReferences on /status does that itself.
 */
export function preserveAllButStatus(obj: KubeObject, old: KubeObject): void {
  for (const key of Object.keys(obj)) {
    if (key !== 'metadata' && key !== 'status' && key !== 'apiVersion' && key !== 'kind' && !(key in old))
      delete obj[key];
  }
  for (const [key, value] of Object.entries(old)) {
    if (key !== 'metadata' && key !== 'status' && key !== 'apiVersion' && key !== 'kind')
      obj[key] = structuredClone(value);
  }
}

/** On create of a kind that tracks generation (it has a spec that controllers reconcile). */
export function initGeneration(obj: KubeObject): void {
  obj.metadata.generation = 1;
}

/** On update: generation goes up by one exactly when spec changed (what `observedGeneration` is compared with). */
export function incrementGenerationOnSpecChange(obj: KubeObject, old: KubeObject): void {
  if (!jsonEqual(obj.spec, old.spec)) obj.metadata.generation = (old.metadata.generation ?? 0) + 1;
}

/**
 * Strict deep equality of JSON values: key order is irrelevant and an undefined-valued key counts
 * as absent, but null, "", [] and {} are distinct values. Validation's looser comparison, where
 * they all equal an omitted field as in Go, is semanticDeepEqual (api/validation/equality.ts).
 */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  const aFields = Object.entries(a).filter(([, v]) => v !== undefined);
  const bFields = new Map(Object.entries(b).filter(([, v]) => v !== undefined));
  return aFields.length === bFields.size && aFields.every(([k, v]) => bFields.has(k) && jsonEqual(v, bFields.get(k)));
}
