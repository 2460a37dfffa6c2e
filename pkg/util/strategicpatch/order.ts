/**
 * Element order of merged lists (mirrors patch.go normalizeElementOrder and its helpers, and the
 * design in "preserve order in strategic merge patch"): precedence is $setElementOrder, then the
 * order in the patch list, then the order in the live list.
 *
 * A merged list is split into items named by the patch (or by $setElementOrder) and server-only
 * items; each part is sorted by its own order list, then server-only items are interleaved where
 * the live list had them relative to the patch items.
 */
import { errBadArgType, errNoMergeKey, StrategicMergePatchError } from './errors.js';
import { directiveMarker, hasOwn, isMap, type ElementKind } from './values.js';

/**
 * Splits `list` into items present in `by` and the rest (partitionMapsByPresentInList when
 * mergeKey is set, partitionPrimitivesByPresentInList otherwise).
 */
export function partitionByPresentIn(
  list: readonly unknown[],
  by: readonly unknown[],
  mergeKey: string,
): [unknown[], unknown[]] {
  const present: unknown[] = [];
  const absent: unknown[] = [];
  if (mergeKey === '') {
    const inBy = new Set(by);
    for (const v of list) (inBy.has(v) ? present : absent).push(v);
    return [present, absent];
  }
  for (const v of list) {
    if (!isMap(v)) throw errBadArgType('map', v);
    if (!hasOwn(v, mergeKey)) throw errNoMergeKey(v, mergeKey);
    (findMapIndex(by, mergeKey, v[mergeKey]) >= 0 ? present : absent).push(v);
  }
  return [present, absent];
}

/**
 * The index of the first map in `list` whose merge key equals `value`, or -1. Like upstream's
 * findMapInSliceBasedOnKeyValue, a non-map met before a match is an error.
 */
export function findMapIndex(list: readonly unknown[], mergeKey: string, value: unknown): number {
  for (let i = 0; i < list.length; i++) {
    const v = list[i];
    if (!isMap(v)) throw new StrategicMergePatchError(`value for key ${i} is not a map.`);
    if (hasOwn(v, mergeKey) && v[mergeKey] === value) return i;
  }
  return -1;
}

/**
 * Sorts `patchItems` by `patchOrder` and `serverOnly` by `serverOrder`, then interleaves them:
 * a server-only item goes before a patch item only when the live list had it first.
 */
export function normalizeElementOrder(
  patchItems: unknown[],
  serverOnly: unknown[],
  patchOrder: readonly unknown[],
  serverOrder: readonly unknown[],
  mergeKey: string,
  kind: ElementKind,
): unknown[] {
  const patch = normalizeSliceOrder(patchItems, patchOrder, mergeKey, kind);
  const server = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(server, patch, positions(serverOrder, mergeKey, kind));
}

/** Sorts `toSort` by the position of each item in `order`; maps marked `$patch: delete` go last. */
function normalizeSliceOrder(
  toSort: unknown[],
  order: readonly unknown[],
  mergeKey: string,
  kind: ElementKind,
): unknown[] {
  let items = toSort;
  const deletions: unknown[] = [];
  if (kind === 'map') {
    validateMergeKeyInLists(mergeKey, toSort, order);
    items = [];
    for (const v of toSort) ((v as Record<string, unknown>)[directiveMarker] === 'delete' ? deletions : items).push(v);
  }
  const position = positions(order, mergeKey, kind);
  const indexed = items.map((v) => position(v));
  const sorted = indexed.every((i) => i >= 0) ? sortByIndex(items, indexed) : goInsertionSort(items, indexed);
  return sorted.concat(deletions);
}

function validateMergeKeyInLists(mergeKey: string, ...lists: readonly (readonly unknown[])[]): void {
  for (const list of lists) {
    for (const v of list) {
      if (!isMap(v)) throw errBadArgType('map', v);
      if (!hasOwn(v, mergeKey)) throw errNoMergeKey(v, mergeKey);
    }
  }
}

/** A stable sort by a precomputed index: the common case, where every item is in the order list. */
function sortByIndex(items: unknown[], indexes: number[]): unknown[] {
  const order = items.map((_, i) => i).sort((a, b) => (indexes[a] ?? 0) - (indexes[b] ?? 0) || a - b);
  return order.map((i) => items[i]);
}

/**
 * Upstream sorts with a comparator that calls an item missing from the order list "less" than
 * anything, which is no ordering at all; the result is whatever Go's insertion sort makes of it
 * (sort.SliceStable insertion-sorts lists up to 20 items, all that a real patch ever has here).
 */
function goInsertionSort(items: unknown[], indexes: number[]): unknown[] {
  const out = items.slice();
  const idx = indexes.slice();
  const less = (i: number, j: number): boolean => {
    const a = idx[i] ?? -1;
    const b = idx[j] ?? -1;
    return a >= 0 && b >= 0 ? a < b : true;
  };
  for (let i = 1; i < out.length; i++) {
    for (let j = i; j > 0 && less(j, j - 1); j--) {
      [out[j], out[j - 1]] = [out[j - 1], out[j]];
      [idx[j], idx[j - 1]] = [idx[j - 1] ?? -1, idx[j] ?? -1];
    }
  }
  return out;
}

/**
 * Interleaves two sorted, disjoint lists: take from `left` (server-only items) while the live
 * list places its head before the head of `right` (patch items), else from `right`.
 */
function mergeSortedSlice(left: unknown[], right: unknown[], position: (v: unknown) => number): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length && j < right.length) {
    const li = position(left[i]);
    const ri = position(right[j]);
    if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
    else out.push(right[j++]);
  }
  for (; i < left.length; i++) out.push(left[i]);
  for (; j < right.length; j++) out.push(right[j]);
  return out;
}

/**
 * The position of an item in `order` (first match by merge-key value for maps, by value
 * otherwise), or -1. Built once per order list so sorting does not rescan it.
 */
function positions(order: readonly unknown[], mergeKey: string, kind: ElementKind): (v: unknown) => number {
  // Go reads a missing key as nil, the same as an explicit null.
  const key = kind === 'map' ? (v: unknown) => (isMap(v) ? (v[mergeKey] ?? null) : null) : (v: unknown) => v;
  const first = new Map<unknown, number>();
  order.forEach((v, i) => {
    const k = key(v);
    if (!first.has(k)) first.set(k, i);
  });
  return (v) => first.get(key(v)) ?? -1;
}
