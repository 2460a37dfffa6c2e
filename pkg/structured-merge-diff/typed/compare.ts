/**
 * Comparing two values of a type (typed/compare.go): the fields the right side added, removed
 * or modified relative to the left. Atomic lists and maps, scalars, and empty lists or maps are
 * compared whole; a node that exists on only one side is itself added or removed.
 */
import { field, type PathElement } from '../fieldpath/element.js';
import { PathElementMap } from '../fieldpath/element-set.js';
import { FieldSet, type Filter } from '../fieldpath/set.js';
import { deduceAtom, type Atom, type ListType, type MapType, type TypeRef } from '../schema/elements.js';
import { equals, isList, isMap, type Value, type ValueMap } from '../value/value.js';
import { type ErrorList, invalidAtomMessage, listItemElement } from './helpers.js';
import { describeRef } from './resolve.js';
import { scalarError } from './validate.js';

export class Comparison {
  constructor(
    readonly removed = new FieldSet(),
    readonly modified = new FieldSet(),
    readonly added = new FieldSet(),
  ) {}

  isSame(): boolean {
    return this.removed.empty() && this.modified.empty() && this.added.empty();
  }

  filterFields(filter: Filter | undefined): Comparison {
    if (!filter) return this;
    return new Comparison(filter.filter(this.removed), filter.filter(this.modified), filter.filter(this.added));
  }
}

export function compareValues(lhs: Value, rhs: Value, tr: TypeRef, errs: ErrorList): Comparison {
  const cmp = new Comparison();
  compare(lhs, rhs, tr, [], cmp, errs);
  return cmp;
}

interface Node {
  inLeaf: boolean;
}

function compare(
  lhs: Value | undefined,
  rhs: Value | undefined,
  tr: TypeRef | undefined,
  path: PathElement[],
  cmp: Comparison,
  errs: ErrorList,
): void {
  if (lhs === undefined && rhs === undefined) {
    errs.add(path, 'at least one of lhs and rhs must be provided');
    return;
  }
  let atom: Atom;
  if (tr === undefined) atom = {};
  else {
    const resolved = tr.resolve();
    if (!resolved) {
      errs.add(path, `schema error: no type found matching: ${tr.namedType ?? 'inlined type'}`);
      return;
    }
    atom = resolved;
  }
  const alhs = deduceAtom(atom, lhs);
  const arhs = deduceAtom(atom, rhs);
  const node: Node = { inLeaf: false };
  if (rhs === undefined) handle(alhs, tr, lhs, rhs, path, node, cmp, errs);
  else if (lhs === undefined || alhs === arhs) handle(arhs, tr, lhs, rhs, path, node, cmp, errs);
  else {
    // Different kinds of value on each side: the left's structure is compared (as removed) on
    // its own, then the right's.
    handle(alhs, tr, lhs, rhs, path, { inLeaf: false }, cmp, errs);
    handle(arhs, tr, lhs, rhs, path, node, cmp, errs);
  }
  if (!node.inLeaf) {
    if (lhs === undefined) cmp.added.insert(path);
    else if (rhs === undefined) cmp.removed.insert(path);
  }
}

function handle(
  atom: Atom,
  tr: TypeRef | undefined,
  lhs: Value | undefined,
  rhs: Value | undefined,
  path: PathElement[],
  node: Node,
  cmp: Comparison,
  errs: ErrorList,
): void {
  // Upstream's order: map, then scalar, then list.
  if (atom.map) return doMap(atom.map, lhs, rhs, path, node, cmp, errs);
  if (atom.scalar) {
    const lerr = scalarError(atom.scalar, lhs, 'lhs: ');
    const rerr = scalarError(atom.scalar, rhs, 'rhs: ');
    if (lerr !== undefined && rerr !== undefined) {
      errs.add(path, lerr);
      errs.add(path, rerr);
      return;
    }
    return doLeaf(lhs, rhs, path, node, cmp);
  }
  if (atom.list) return doList(atom.list, lhs, rhs, path, node, cmp, errs);
  errs.add(path, invalidAtomMessage(describeRef(tr)));
}

function doLeaf(
  lhs: Value | undefined,
  rhs: Value | undefined,
  path: PathElement[],
  node: Node,
  cmp: Comparison,
): void {
  if (node.inLeaf) return;
  node.inLeaf = true;
  if (lhs === undefined) cmp.added.insert(path);
  else if (rhs === undefined) cmp.removed.insert(path);
  else if (!equals(rhs, lhs)) cmp.modified.insert(path);
}

function doList(
  t: ListType,
  lhsValue: Value | undefined,
  rhsValue: Value | undefined,
  path: PathElement[],
  node: Node,
  cmp: Comparison,
  errs: ErrorList,
): void {
  const lhs = isList(lhsValue) ? lhsValue : undefined;
  const rhs = isList(rhsValue) ? rhsValue : undefined;
  const bothEmpty = (lhs === undefined || lhs.length === 0) && (rhs === undefined || rhs.length === 0);
  if (t.elementRelationship === 'atomic' || bothEmpty) {
    doLeaf(lhsValue, rhsValue, path, node, cmp);
    return;
  }
  compareListItems(t, lhs ?? [], rhs ?? [], path, cmp, errs);
}

function compareListItems(
  t: ListType,
  lhs: readonly Value[],
  rhs: readonly Value[],
  path: PathElement[],
  cmp: Comparison,
  errs: ErrorList,
): void {
  // Every name either side uses, in first-seen order, with the items carrying it on each side.
  const names: PathElement[] = [];
  const left = new PathElementMap<Value[]>();
  const right = new PathElementMap<Value[]>();
  const index = (
    list: readonly Value[],
    into: PathElementMap<Value[]>,
    other: PathElementMap<Value[]> | undefined,
  ): void => {
    for (let i = 0; i < list.length; i++) {
      const child = list[i]!;
      const pe = listItemElement(t, child);
      if (typeof pe === 'string') {
        errs.add(path, `element ${i}: ${pe}`);
        continue;
      }
      const items = into.get(pe);
      if (items) items.push(child);
      else {
        into.set(pe, [child]);
        if (!other?.has(pe)) names.push(pe);
      }
    }
  };
  index(lhs, left, undefined);
  index(rhs, right, left);

  const item = (pe: PathElement, l: Value | undefined, r: Value | undefined): void => {
    path.push(pe);
    compare(l, r, t.elementType, path, cmp, errs);
    path.pop();
  };
  const insert = (into: FieldSet, pe: PathElement): void => {
    path.push(pe);
    into.insert(path);
    path.pop();
  };
  for (const pe of names) {
    const l = left.get(pe) ?? [];
    const r = right.get(pe) ?? [];
    if (l.length <= 1 && r.length <= 1) item(pe, l[0], r[0]);
    else if (l.length >= 2 && r.length >= 2) {
      // Duplicated on both sides: compared as a whole.
      if (l.length !== r.length || l.some((v, i) => !equals(v, r[i]!))) insert(cmp.modified, pe);
    } else if (l.length >= 2) {
      if (r.length > 0) item(pe, undefined, r[0]);
      insert(cmp.removed, pe);
    } else {
      if (l.length > 0) item(pe, l[0], undefined);
      insert(cmp.added, pe);
    }
  }
}

function doMap(
  t: MapType,
  lhsValue: Value | undefined,
  rhsValue: Value | undefined,
  path: PathElement[],
  node: Node,
  cmp: Comparison,
  errs: ErrorList,
): void {
  const lhs = isMap(lhsValue) ? lhsValue : undefined;
  const rhs = isMap(rhsValue) ? rhsValue : undefined;
  const bothEmpty = (lhs === undefined || isEmpty(lhs)) && (rhs === undefined || isEmpty(rhs));
  if (t.elementRelationship === 'atomic' || bothEmpty) {
    doLeaf(lhsValue, rhsValue, path, node, cmp);
    return;
  }
  const visitField = (k: string, l: Value | undefined, r: Value | undefined): void => {
    path.push(field(k));
    compare(l, r, t.fields.get(k)?.type ?? t.elementType, path, cmp, errs);
    path.pop();
  };
  if (lhs) for (const k in lhs) visitField(k, lhs[k], rhs && Object.hasOwn(rhs, k) ? rhs[k] : undefined);
  if (rhs) for (const k in rhs) if (!lhs || !Object.hasOwn(lhs, k)) visitField(k, undefined, rhs[k]);
}

function isEmpty(m: ValueMap): boolean {
  for (const _ in m) return false;
  return true;
}
