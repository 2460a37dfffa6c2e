/**
 * The fields a value sets (typed/tofieldset.go): every scalar, every atomic list or map as one
 * field, every associative-list item, and every map entry that is not a struct field (so
 * `labels.app` is owned as an entry even when it holds a structure). Null and empty-map fields
 * count as set.
 */
import { field, type PathElement } from '../fieldpath/element.js';
import { PathElementSet } from '../fieldpath/element-set.js';
import { FieldSet } from '../fieldpath/set.js';
import type { ListType, MapType, TypeRef } from '../schema/elements.js';
import { isList, isMap, type Value, type ValueMap } from '../value/value.js';
import { type ErrorList, invalidAtomMessage, listItemElement } from './helpers.js';
import { describeRef, resolveFor } from './resolve.js';

export function toFieldSet(v: Value, tr: TypeRef, errs: ErrorList): FieldSet {
  const set = new FieldSet();
  walk(v, tr, [], set, errs);
  return set;
}

function walk(v: Value, tr: TypeRef | undefined, path: PathElement[], set: FieldSet, errs: ErrorList): void {
  const atom = resolveFor(tr, v, errs, path);
  if (!atom) return;
  if (atom.map) return doMap(atom.map, v, path, set, errs);
  if (atom.scalar) return set.insert(path);
  if (atom.list) return doList(atom.list, v, path, set, errs);
  errs.add(path, invalidAtomMessage(describeRef(tr)));
}

function doList(t: ListType, v: Value, path: PathElement[], set: FieldSet, errs: ErrorList): void {
  if (t.elementRelationship === 'atomic') {
    set.insert(path);
    return;
  }
  if (!isList(v)) return;
  const list = v;
  // Items are named as validation named them; the walk only sees validated values, so an item
  // that cannot be named is skipped rather than reported twice.
  const names: (PathElement | undefined)[] = list.map((child) => {
    const pe = listItemElement(t, child);
    return typeof pe === 'string' ? undefined : pe;
  });
  // A key several items share (allowed in live objects) is owned as one field, not per item.
  const seen = new PathElementSet();
  const duplicates = new PathElementSet();
  for (const pe of names) {
    if (pe && !seen.insert(pe) && duplicates.insert(pe)) {
      path.push(pe);
      set.insert(path);
      path.pop();
    }
  }
  for (let i = 0; i < list.length; i++) {
    const pe = names[i];
    if (!pe || duplicates.has(pe)) continue;
    path.push(pe);
    walk(list[i]!, t.elementType, path, set, errs);
    set.insert(path);
    path.pop();
  }
}

function doMap(t: MapType, v: Value, path: PathElement[], set: FieldSet, errs: ErrorList): void {
  if (t.elementRelationship === 'atomic') {
    set.insert(path);
    return;
  }
  if (!isMap(v)) return;
  const m = v;
  for (const k in m) {
    const val = m[k]!;
    const pe = field(k);
    const sf = t.fields.get(k);
    path.push(pe);
    walk(val, sf ? sf.type : t.elementType, path, set, errs);
    if (val === null || !sf || (isMap(val) && isEmptyMap(val))) set.insert(path);
    path.pop();
  }
}

function isEmptyMap(m: ValueMap): boolean {
  for (const _ in m) return false;
  return true;
}
