/**
 * The client-side apply annotation (internal/lastapplied.go): kubectl's record of the last
 * configuration it applied client-side.
 */
import { totalAnnotationSizeLimitB } from '../../../api/validation/objectmeta.js';
import { type ApiObject, withMetadata } from './object.js';

export const lastAppliedConfigAnnotation = 'kubectl.kubernetes.io/last-applied-configuration';

export function lastAppliedOf(obj: ApiObject): string | undefined {
  const value = obj.metadata?.annotations?.[lastAppliedConfigAnnotation];
  return value === undefined || value === '' ? undefined : value;
}

function annotationsSize(annotations: Readonly<Record<string, string>>): number {
  let total = 0;
  for (const [k, v] of Object.entries(annotations)) total += Buffer.byteLength(k) + Buffer.byteLength(v);
  return total;
}

/**
 * The object with the annotation set to `value` — or without it, when the annotations would then
 * exceed their size limit (SetLastApplied).
 */
export function setLastApplied(obj: ApiObject, value: string): ApiObject {
  return withMetadata(obj, (meta) => {
    const annotations: Record<string, string> = { ...(meta.annotations ?? {}), [lastAppliedConfigAnnotation]: value };
    if (annotationsSize(annotations) > totalAnnotationSizeLimitB) delete annotations[lastAppliedConfigAnnotation];
    meta.annotations = annotations;
  });
}
