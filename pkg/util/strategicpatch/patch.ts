/**
 * Strategic merge patch, the server side (mirrors apimachinery strategicpatch/patch.go
 * StrategicMergeMapPatchUsingLookupPatchMeta, i.e. mergeMap with MergeParallelList and
 * IgnoreUnmatchedNulls): a JSON merge patch (RFC 7386) whose lists can merge element-wise,
 * steered by per-field metadata (see meta.ts) and by directives inside the patch:
 *
 *   `null`                              delete the key
 *   `$patch: replace`                   (in a map) the map becomes the patch's map
 *   `$patch: delete`                    (in a map) the map becomes `{}`;
 *                                       (in a merge-list element) remove elements with its merge key
 *   `$patch: replace`                   (in a merge-list element) the list becomes the patch's list
 *   `$retainKeys: [k…]`                 drop the original's keys not listed, then merge
 *   `$setElementOrder/<list>: [...]`    the final order of the list's patch-named elements
 *   `$deleteFromPrimitiveList/<list>`   remove these values from a primitive list
 *
 * Processing order inside one map, as upstream: `$patch`, then `$retainKeys`, then every
 * `$setElementOrder` list together with its list, then the remaining keys in patch order.
 */
import {
  errBadArgType,
  errBadPatchFormatForPrimitiveList,
  errBadPatchFormatForRetainKeys,
  errBadPatchFormatForSetElementOrderList,
  errBadPatchType,
  errNoMergeKey,
  goFormat,
  StrategicMergePatchError,
} from './errors.js';
import { mergeSliceHandler } from './merge-slice.js';
import { arbitraryPatchMeta, type FieldPatchMeta, type PatchMeta } from './meta.js';
import { normalizeElementOrder, partitionByPresentIn } from './order.js';
import {
  cleanPatchValue,
  deepCopy,
  deleteFromPrimitiveListPrefix,
  directiveMarker,
  extractKey,
  hasOwn,
  isMap,
  retainKeysDirective,
  setElementOrderPrefix,
  setKey,
  sliceElementKind,
  type JSONMap,
} from './values.js';

/**
 * Applies a strategic merge patch to `original` (the current object) using the metadata of its
 * kind (`patchMetaForKind`), as kube-apiserver does for
 * `Content-Type: application/strategic-merge-patch+json`.
 *
 * Neither input is mutated. The result shares the subtrees of `original` the patch leaves
 * untouched, so treat it as read-only or serialize it (the PATCH handler re-decodes it).
 * A `null` patch changes nothing.
 *
 * @throws StrategicMergePatchError with upstream's message and `code` (400 for malformed
 *   directives, 422 for lists of lists, 500 for what upstream does not classify, such as a
 *   list element without its merge key).
 *
 * @example
 * applyStrategicMergePatch(
 *   { spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'y' }] } },
 *   { spec: { containers: [{ name: 'b', image: 'z' }] } }, podMeta)
 * // → { spec: { containers: [{ name: 'a', image: 'x' }, { name: 'b', image: 'z' }] } }
 */
export function applyStrategicMergePatch(original: unknown, patch: unknown, schema: PatchMeta): unknown {
  const base = isMap(original) ? original : {};
  if (patch === null) return { ...base };
  if (!isMap(patch)) {
    // What decoding a non-object into upstream's map[string]interface{} reports (400).
    const jsonType = Array.isArray(patch) ? 'array' : typeof patch === 'boolean' ? 'bool' : typeof patch;
    throw new StrategicMergePatchError(
      `json: cannot unmarshal ${jsonType} into Go value of type map[string]interface {}`,
      400,
    );
  }
  return mergeMap(base, patch, schema);
}

/** The merged map nests no deeper than its inputs. Recursion depth is bounded: decoders refuse values nested past maxNestingDepth (pkg/util/json/depth.ts). */
function mergeMap(original: JSONMap, patch: JSONMap, schema: PatchMeta): JSONMap {
  if (hasOwn(patch, directiveMarker)) return mapDirective(patch[directiveMarker], patch);
  const result: JSONMap = { ...original };
  applyRetainKeys(result, patch);
  const ordered = mergeOrderedLists(result, patch, schema);
  for (const [patchKey, patchV] of Object.entries(patch)) {
    if (patchKey === retainKeysDirective || patchKey.startsWith(setElementOrderPrefix) || ordered.has(patchKey))
      continue;
    let key = patchKey;
    const isDeleteList = patchKey.startsWith(deleteFromPrimitiveListPrefix);
    if (isDeleteList) key = extractKey(patchKey, deleteFromPrimitiveListPrefix, errBadPatchFormatForPrimitiveList);
    if (patchV === null) {
      delete result[key];
      continue;
    }
    const current = hasOwn(result, key) ? result[key] : undefined;
    const sameType = current !== undefined && jsonType(current) === jsonType(patchV);
    if (sameType && isMap(current) && isMap(patchV)) {
      const field = schema.lookupForStruct(key) ?? unknownField;
      setKey(result, key, field.patchStrategy === 'replace' ? deepCopy(patchV) : mergeMap(current, patchV, field.meta));
    } else if (sameType && Array.isArray(current) && Array.isArray(patchV)) {
      setKey(result, key, mergeSliceHandler(current, patchV, sliceField(schema, key), isDeleteList, mergeMap));
    } else if (sameType || !isDeleteList) {
      // A new key, a changed JSON type or a primitive: the patch value wins. (A delete list
      // only ever removes from a list, except that upstream lets it overwrite a primitive.)
      const value = cleanPatchValue(patchV, true);
      if (value === undefined) delete result[key];
      else setKey(result, key, value);
    }
  }
  return result;
}

/** A field the schema does not know (only reachable with content no schema describes): no strategy. */
const unknownField: FieldPatchMeta = { patchStrategy: '', retainKeys: false, mergeKey: '', meta: arbitraryPatchMeta };

function jsonType(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}

function sliceField(schema: PatchMeta, key: string): FieldPatchMeta {
  // Merging only ever meets fields the stored object has, hence known ones; tolerate the rest.
  return schema.lookupForStruct(key) ? schema.lookupForSlice(key) : unknownField;
}

/** `$patch` on a map (handleDirectiveInMergeMap). */
function mapDirective(directive: unknown, patch: JSONMap): JSONMap {
  if (directive === 'replace') {
    const replaced = deepCopy(patch) as JSONMap;
    delete replaced[directiveMarker];
    return replaced;
  }
  if (directive === 'delete') return {};
  throw errBadPatchType(directive, patch);
}

/**
 * `$retainKeys` (applyRetainKeysDirective): every key the patch sets must be listed, and the
 * original keeps only listed keys. kubectl sends it for fields with the retainKeys strategy
 * (Deployment strategy, pod volumes) so that switching a union member clears the old one.
 */
function applyRetainKeys(result: JSONMap, patch: JSONMap): void {
  if (!hasOwn(patch, retainKeysDirective)) return;
  const listed = patch[retainKeysDirective];
  if (!Array.isArray(listed)) throw errBadPatchFormatForRetainKeys();
  const retained = new Set<unknown>(listed);
  for (const [k, v] of Object.entries(patch)) {
    if (
      k === retainKeysDirective ||
      v === null ||
      k.startsWith(deleteFromPrimitiveListPrefix) ||
      k.startsWith(setElementOrderPrefix)
    )
      continue;
    if (!retained.has(k)) throw errBadPatchFormatForRetainKeys();
  }
  for (const k of Object.keys(result)) if (!retained.has(k)) delete result[k];
}

/**
 * Handles every `$setElementOrder/<list>` of this map together with `<list>` itself
 * (mergePatchIntoOriginal): merges the list, then orders it. Returns the list keys handled,
 * which the main loop must skip.
 */
function mergeOrderedLists(result: JSONMap, patch: JSONMap, schema: PatchMeta): Set<string> {
  const handled = new Set<string>();
  for (const [directiveKey, order] of Object.entries(patch)) {
    if (!directiveKey.startsWith(setElementOrderPrefix)) continue;
    if (!Array.isArray(order)) throw errBadArgType('list', order);
    const key = extractKey(directiveKey, setElementOrderPrefix, errBadPatchFormatForSetElementOrderList);
    const foundOriginal = hasOwn(result, key);
    const foundPatch = hasOwn(patch, key);
    const originalList = foundOriginal ? result[key] : [];
    const patchList = foundPatch ? patch[key] : [];
    if (!Array.isArray(originalList)) throw errBadArgType('list', originalList);
    if (!Array.isArray(patchList)) throw errBadArgType('list', patchList);
    const field = schema.lookupForSlice(key);
    const { mergeKey } = field;
    validatePatchWithSetOrderList(patchList, order, mergeKey);

    let merged: unknown[];
    if (foundOriginal && foundPatch) {
      merged = mergeSliceHandler(originalList, patchList, field, false, mergeMap);
    } else if (foundPatch) {
      merged = cleanPatchValue(patchList, false) as unknown[];
    } else if (foundOriginal) {
      merged = originalList;
    } else {
      continue;
    }
    handled.add(key);
    const kind = sliceElementKind(originalList, patchList);
    // Upstream fails on a list with no elements at all ("no elements in any of the given
    // slices", a 500); there is nothing to order, so the (empty) list stands.
    if (kind === undefined) {
      setKey(result, key, merged.slice());
      continue;
    }
    const [patchItems, serverOnly] = partitionByPresentIn(merged, order, mergeKey);
    setKey(result, key, normalizeElementOrder(patchItems, serverOnly, order, originalList, mergeKey, kind));
  }
  return handled;
}

/**
 * The patch list's elements (ignoring deletions and directives) must appear in the
 * `$setElementOrder` list, in the same relative order.
 */
function validatePatchWithSetOrderList(patchList: unknown[], order: unknown[], mergeKey: string): void {
  if (order.length === 0 || patchList.length === 0) return;
  let items = patchList;
  if (mergeKey !== '') {
    items = patchList.filter((v) => {
      if (!isMap(v)) throw errBadArgType('map', v);
      return v[directiveMarker] !== 'delete';
    });
  }
  let p = 0;
  let o = 0;
  while (p < items.length && o < order.length) {
    const item = items[p];
    if (isMap(item) && hasOwn(item, directiveMarker)) {
      p++;
      continue;
    }
    if (mergeKeyValueEqual(item, order[o], mergeKey)) p++;
    o++;
  }
  if (p < items.length && o >= order.length) {
    throw new StrategicMergePatchError(
      `The order in patch list:\n${goFormat(patchList)}\n doesn't match ${setElementOrderPrefix} list:\n${goFormat(order)}\n`,
    );
  }
}

function mergeKeyValueEqual(left: unknown, right: unknown, mergeKey: string): boolean {
  if (mergeKey === '') return left === right;
  if (!isMap(left)) throw errBadArgType('map', left);
  if (!isMap(right)) throw errBadArgType('map', right);
  if (!hasOwn(left, mergeKey)) throw errNoMergeKey(left, mergeKey);
  if (!hasOwn(right, mergeKey)) throw errNoMergeKey(right, mergeKey);
  return left[mergeKey] === right[mergeKey];
}
