/**
 * ObjectMeta of embedded resources (apiextensions-apiserver pkg/apiserver/schema/objectmeta):
 * below an x-kubernetes-embedded-resource node, apiVersion and kind must be strings and metadata
 * is decoded as a real ObjectMeta — unknown metadata fields are dropped (and reported), a value of
 * the wrong type fails. The resource root's own metadata is the serving layer's.
 */
import type { ObjectMeta } from '../../../apis/meta/v1/types.js';
import { prune as pruneTyped } from '../../../runtime/structural/prune.js';
import type { Structural as TypedStructural } from '../../../runtime/structural/structural.js';
import { type FieldError, invalid, type Path } from '../../../util/validation/field/errors.js';
import { asEmbeddedResource } from '../pruning/algorithm.js';
import { additionalPropertiesSchema, isObject, type Structural } from '../structural.js';

export interface CoerceResult {
  error?: FieldError;
  /** Unknown metadata fields that were dropped (`spec.template.metadata.foo`). */
  unknownFields: string[];
}

/**
 * Coerces the metadata of every embedded resource below `s` in place. `objectMeta` is the typed
 * schema of meta/v1 ObjectMeta.
 */
export function coerce(
  pth: Path,
  obj: unknown,
  s: Structural | undefined,
  isResourceRoot: boolean,
  objectMeta: TypedStructural,
): CoerceResult {
  const result: CoerceResult = { unknownFields: [] };
  const schema = isResourceRoot ? asEmbeddedResource(s) : s;
  visit(pth, obj, schema, objectMeta, result, isResourceRoot);
  result.unknownFields.sort();
  return result;
}

function visit(
  pth: Path,
  x: unknown,
  s: Structural | undefined,
  objectMeta: TypedStructural,
  result: CoerceResult,
  skipRootMeta: boolean,
): void {
  if (!s || result.error) return;
  if (Array.isArray(x)) {
    x.forEach((v, i) => {
      visit(pth.index(i), v, s.items, objectMeta, result, false);
    });
    return;
  }
  if (!isObject(x)) return;
  for (const k of Object.keys(x)) {
    if (s.embeddedResource && !skipRootMeta) {
      if ((k === 'apiVersion' || k === 'kind') && typeof x[k] !== 'string') {
        result.error = invalid(String(pth.child(k)), x[k], 'must be a string');
        return;
      }
      if (k === 'metadata' && x[k] !== null) {
        const typed = pruneTyped(x[k], objectMeta);
        if (typed.typeError) {
          result.error = invalid(String(pth.child('metadata')), x[k], typed.typeError);
          return;
        }
        for (const f of typed.unknownFields) result.unknownFields.push(`${pth}.metadata.${f}`);
      }
    }
    const prop = s.properties?.get(k);
    const values = additionalPropertiesSchema(s);
    if (prop) visit(pth.child(k), x[k], prop, objectMeta, result, false);
    else if (values) visit(pth.key(k), x[k], values, objectMeta, result, false);
  }
}

/** The decoded ObjectMeta of an embedded resource, for validation. */
export function embeddedObjectMeta(x: Record<string, unknown>): ObjectMeta | undefined {
  const meta = x.metadata;
  // Coercion has checked the metadata against ObjectMeta's schema before validation runs.
  return isObject(meta) ? (meta as ObjectMeta) : undefined;
}
