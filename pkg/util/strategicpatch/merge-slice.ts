/**
 * Merging lists (mirrors patch.go mergeSliceHandler / mergeSlice): lists whose field has the
 * `merge` strategy merge element-wise — maps by their merge key, primitives as a set — and every
 * other list is replaced by the patch's.
 */
import { errBadPatchType, errNoMergeKey, StrategicMergePatchError } from './errors.js';
import type { FieldPatchMeta, PatchMeta } from './meta.js';
import { findMapIndex, normalizeElementOrder, partitionByPresentIn } from './order.js';
import { deepCopy, directiveMarker, hasOwn, isMap, sliceElementKind, type JSONMap } from './values.js';

/** Merges the maps of one list element; supplied by patch.ts (the two recurse into each other). */
export type MergeMap = (original: JSONMap, patch: JSONMap, schema: PatchMeta) => JSONMap;

/**
 * The merged value of a list field; `field` is the field's list view (`lookupForSlice`: its
 * `meta` describes the elements). `isDeleteList` marks a `$deleteFromPrimitiveList/<field>`
 * list, which removes its values from the original whatever the field's strategy.
 */
export function mergeSliceHandler(
  original: unknown[],
  patch: unknown[],
  field: FieldPatchMeta,
  isDeleteList: boolean,
  mergeMap: MergeMap,
): unknown[] {
  if (field.patchStrategy === 'merge' || isDeleteList)
    return mergeSlice(original, patch, field, isDeleteList, mergeMap);
  return deepCopy(patch) as unknown[];
}

function mergeSlice(
  original: unknown[],
  patch: unknown[],
  field: FieldPatchMeta,
  isDeleteList: boolean,
  mergeMap: MergeMap,
): unknown[] {
  const kind = sliceElementKind(original, patch);
  if (kind === undefined) return [];
  const { mergeKey } = field;
  if (kind !== 'map') {
    if (isDeleteList) {
      const toDelete = new Set(patch);
      return original.filter((v) => !toDelete.has(v));
    }
    // A set union: duplicates collapse, original ones included.
    const merged = [...new Set([...original, ...patch])];
    const [patchItems, serverOnly] = partitionByPresentIn(merged, patch, '');
    return normalizeElementOrder(patchItems, serverOnly, patch, original, '', kind);
  }
  if (mergeKey === '')
    throw new StrategicMergePatchError(`cannot merge lists without merge key for ${field.meta.kind}`);
  const special = applySpecialElements(original, patch as JSONMap[], mergeKey);
  const merged = mergeByKey(special.original, special.patch, mergeKey, field.meta, mergeMap);
  const [patchItems, serverOnly] = partitionByPresentIn(merged, special.patch, mergeKey);
  return normalizeElementOrder(patchItems, serverOnly, special.patch, special.original, mergeKey, kind);
}

/**
 * Applies the `$patch` elements of a list of maps (mergeSliceWithSpecialElements): `delete`
 * removes every original element with that merge-key value, `replace` makes the patch's other
 * elements the whole list. Returns the original left to merge into and the plain patch elements.
 */
function applySpecialElements(
  original: unknown[],
  patch: JSONMap[],
  mergeKey: string,
): { original: unknown[]; patch: JSONMap[] } {
  let remaining = original;
  const plain: JSONMap[] = [];
  let replace = false;
  for (const v of patch) {
    if (!hasOwn(v, directiveMarker)) {
      plain.push(v);
      continue;
    }
    const directive = v[directiveMarker];
    switch (directive) {
      case 'delete': {
        if (!hasOwn(v, mergeKey)) throw errNoMergeKey(v, mergeKey);
        const value = v[mergeKey];
        remaining = remaining.filter((e) => !(isMap(e) && hasOwn(e, mergeKey) && e[mergeKey] === value));
        break;
      }
      case 'replace':
        // Keep scanning: the other directives must still be valid and are dropped.
        replace = true;
        break;
      case 'merge':
        throw new StrategicMergePatchError('merging lists cannot yet be specified in the patch');
      default:
        throw errBadPatchType(directive, v);
    }
  }
  if (replace) return { original: plain.map((v) => deepCopy(v)), patch: [] };
  return { original: remaining, patch: plain };
}

/**
 * Merges each patch element into the first element with the same merge-key value, or appends
 * it (mergeSliceWithoutSpecialElements). Appended elements count as original for later patch
 * elements, so two patch elements with one key merge into each other, as upstream.
 */
function mergeByKey(
  original: unknown[],
  patch: JSONMap[],
  mergeKey: string,
  elements: PatchMeta,
  mergeMap: MergeMap,
): unknown[] {
  const merged = original.slice();
  for (const v of patch) {
    if (!hasOwn(v, mergeKey)) throw errNoMergeKey(v, mergeKey);
    const i = findMapIndex(merged, mergeKey, v[mergeKey]);
    if (i >= 0) merged[i] = mergeMap(merged[i] as JSONMap, v, elements);
    else merged.push(deepCopy(v));
  }
  return merged;
}
