/**
 * Merging a configuration into an object (typed/merge.go, with upstream's one rule: the right
 * side wins at every leaf). Separable maps merge field by field, associative lists item by item
 * by key, and atomic lists and maps, scalars, and empty lists or maps are leaves.
 *
 * Associative lists keep the right side's order for the items it has, and place the left side's
 * other items where they were relative to the shared ones.
 */
import { elementString, equalElements, field, type PathElement } from '../fieldpath/element.js';
import { PathElementMap } from '../fieldpath/element-set.js';
import { deduceAtom, type Atom, type ListType, type MapType, type Scalar, type TypeRef } from '../schema/elements.js';
import { isList, isMap, setField, type Value, type ValueMap } from '../value/value.js';
import { type ErrorList, invalidAtomMessage, listItemElement, rememberListItemElement } from './helpers.js';
import { describeRef } from './resolve.js';
import { scalarError } from './validate.js';

/** The merged value, or undefined when neither side has one. */
export function mergeValues(
  lhs: Value | undefined,
  rhs: Value | undefined,
  tr: TypeRef,
  errs: ErrorList,
): Value | undefined {
  return merge(lhs, rhs, tr, [], errs);
}

/** Per-node state upstream keeps on its walker: the output and whether a leaf was taken whole. */
interface Node {
  out: Value | undefined;
  inLeaf: boolean;
}

function merge(
  lhs: Value | undefined,
  rhs: Value | undefined,
  tr: TypeRef | undefined,
  path: PathElement[],
  errs: ErrorList,
): Value | undefined {
  if (lhs === undefined && rhs === undefined) {
    errs.add(path, 'at least one of lhs and rhs must be provided');
    return undefined;
  }
  let atom: Atom;
  if (tr === undefined) atom = {};
  else {
    const resolved = tr.resolve();
    if (!resolved) {
      errs.add(path, `schema error: no type found matching: ${tr.namedType ?? 'inlined type'}`);
      return undefined;
    }
    atom = resolved;
  }
  const alhs = deduceAtom(atom, lhs);
  const arhs = deduceAtom(atom, rhs);
  const node: Node = { out: undefined, inLeaf: false };
  if (rhs === undefined) handle(alhs, tr, lhs, rhs, path, node, errs);
  else if (lhs === undefined || alhs === arhs) handle(arhs, tr, lhs, rhs, path, node, errs);
  else {
    // The two sides are different kinds of value (an untyped field that was a map and is now a
    // string): walk the left as its kind for its errors, then take the right.
    handle(alhs, tr, lhs, rhs, path, { out: undefined, inLeaf: false }, errs);
    handle(arhs, tr, lhs, rhs, path, node, errs);
  }
  return node.out;
}

function handle(
  atom: Atom,
  tr: TypeRef | undefined,
  lhs: Value | undefined,
  rhs: Value | undefined,
  path: PathElement[],
  node: Node,
  errs: ErrorList,
): void {
  // Upstream's order: map, then scalar, then list.
  if (atom.map) return doMap(atom.map, lhs, rhs, path, node, errs);
  if (atom.scalar) return doScalar(atom.scalar, lhs, rhs, path, node, errs);
  if (atom.list) return doList(atom.list, lhs, rhs, path, node, errs);
  errs.add(path, invalidAtomMessage(describeRef(tr)));
}

function doLeaf(lhs: Value | undefined, rhs: Value | undefined, node: Node): void {
  if (node.inLeaf) return;
  node.inLeaf = true;
  node.out = rhs !== undefined ? rhs : lhs;
}

function doScalar(
  t: Scalar,
  lhs: Value | undefined,
  rhs: Value | undefined,
  path: PathElement[],
  node: Node,
  errs: ErrorList,
): void {
  const lerr = scalarError(t, lhs, 'lhs: ');
  const rerr = scalarError(t, rhs, 'rhs: ');
  if (lerr !== undefined && rerr !== undefined) {
    errs.add(path, lerr);
    errs.add(path, rerr);
    return;
  }
  doLeaf(lhs, rhs, node);
}

function asList(v: Value | undefined): readonly Value[] | undefined {
  return isList(v) ? v : undefined;
}

function asMap(v: Value | undefined): ValueMap | undefined {
  return isMap(v) ? v : undefined;
}

function doList(
  t: ListType,
  lhsValue: Value | undefined,
  rhsValue: Value | undefined,
  path: PathElement[],
  node: Node,
  errs: ErrorList,
): void {
  const lhs = asList(lhsValue);
  const rhs = asList(rhsValue);
  const bothEmpty = (lhs === undefined || lhs.length === 0) && (rhs === undefined || rhs.length === 0);
  if (t.elementRelationship === 'atomic' || bothEmpty) {
    doLeaf(lhsValue, rhsValue, node);
    return;
  }
  const out = mergeListItems(t, lhs ?? [], rhs ?? [], path, errs);
  if (out.length > 0) node.out = out;
}

interface Indexed {
  readonly names: PathElement[];
  /** Item by name; null for a name several items share. */
  readonly items: PathElementMap<Value>;
}

function indexList(
  t: ListType,
  list: readonly Value[],
  allowDuplicates: boolean,
  path: PathElement[],
  errs: ErrorList,
): Indexed {
  const names: PathElement[] = [];
  const items = new PathElementMap<Value>();
  for (let i = 0; i < list.length; i++) {
    const child = list[i]!;
    const pe = listItemElement(t, child);
    if (typeof pe === 'string') {
      errs.add(path, `element ${i}: ${pe}`);
      continue;
    }
    if (items.has(pe)) {
      if (!allowDuplicates) {
        errs.add(path, `duplicate entries for key ${elementString(pe)}`);
        continue;
      }
      items.set(pe, null);
    } else items.set(pe, child);
    names.push(pe);
  }
  return { names, items };
}

function mergeListItems(
  t: ListType,
  lhs: readonly Value[],
  rhs: readonly Value[],
  path: PathElement[],
  errs: ErrorList,
): Value[] {
  const before = errs.errors.length;
  const right = indexList(t, rhs, false, path, errs);
  const left = indexList(t, lhs, true, path, errs);
  if (errs.errors.length > before) return [];

  const out: Value[] = [];
  const item = (pe: PathElement, l: Value | undefined, r: Value | undefined): void => {
    path.push(pe);
    const merged = merge(l, r, t.elementType, path, errs);
    path.pop();
    if (merged === undefined) return;
    rememberListItemElement(t, merged, pe);
    out.push(merged);
  };
  // The right side's items that the left also has, in the right's order.
  const shared = right.names.filter((pe) => left.items.has(pe));
  let sharedAt = 0;
  let nextShared: PathElement | undefined = shared[sharedAt++];
  const mergedRight = new PathElementMap<true>();
  const lLen = left.names.length;
  const rLen = right.names.length;
  for (let l = 0, r = 0; l < lLen || r < rLen; ) {
    if (l < lLen && r < rLen) {
      const pe = left.names[l]!;
      if (equalElements(pe, right.names[r]!)) {
        mergedRight.set(pe, true);
        item(pe, left.items.get(pe), right.items.get(pe));
        l++;
        r++;
        nextShared = shared[sharedAt++];
        continue;
      }
      // A shared item out of the right side's order: skip it here, it merges in the right's place.
      if (right.items.has(pe) && nextShared !== undefined && !equalElements(nextShared, pe)) {
        l++;
        continue;
      }
    }
    if (l < lLen) {
      const pe = left.names[l]!;
      if (!right.items.has(pe)) {
        // Names align with indexes: a list with an item that cannot be named never gets here.
        item(pe, lhs[l]!, undefined);
        l++;
        continue;
      }
      if (mergedRight.has(pe)) l++;
    }
    if (r < rLen) {
      const pe = right.names[r]!;
      mergedRight.set(pe, true);
      item(pe, left.items.get(pe), right.items.get(pe));
      r++;
      if (nextShared !== undefined && equalElements(nextShared, pe)) nextShared = shared[sharedAt++];
    }
  }
  return out;
}

function doMap(
  t: MapType,
  lhsValue: Value | undefined,
  rhsValue: Value | undefined,
  path: PathElement[],
  node: Node,
  errs: ErrorList,
): void {
  const lhs = asMap(lhsValue);
  const rhs = asMap(rhsValue);
  const bothEmpty = (lhs === undefined || isEmpty(lhs)) && (rhs === undefined || isEmpty(rhs));
  if (t.elementRelationship === 'atomic' || bothEmpty) {
    doLeaf(lhsValue, rhsValue, node);
    return;
  }
  const out: Record<string, Value> = {};
  let any = false;
  const visitField = (k: string, l: Value | undefined, r: Value | undefined): void => {
    path.push(field(k));
    const merged = merge(l, r, t.fields.get(k)?.type ?? t.elementType, path, errs);
    path.pop();
    if (merged !== undefined) {
      setField(out, k, merged);
      any = true;
    }
  };
  // The left side's fields in its order, then those only the right side has.
  if (lhs) for (const k in lhs) visitField(k, lhs[k], rhs && Object.hasOwn(rhs, k) ? rhs[k] : undefined);
  if (rhs) for (const k in rhs) if (!lhs || !Object.hasOwn(lhs, k)) visitField(k, undefined, rhs[k]);
  if (any) node.out = out;
}

function isEmpty(m: ValueMap): boolean {
  for (const _ in m) return false;
  return true;
}
