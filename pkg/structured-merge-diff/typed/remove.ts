/**
 * Removing fields from a value (typed/remove.go, RemoveItems): the listed fields and list items
 * go, along with everything under them. As upstream, a list or map the walk descends into comes
 * back as null when nothing of it is left (and so does an atomic one, which cannot be entered).
 */
import type { FieldSet } from '../fieldpath/set.js';
import { field } from '../fieldpath/element.js';
import { deduceAtom, type ListType, type MapType, type TypeRef } from '../schema/elements.js';
import { isList, isMap, setField, type Value } from '../value/value.js';
import { listItemElement } from './helpers.js';

export function removeItems(v: Value, toRemove: FieldSet, tr: TypeRef | undefined): Value {
  const resolved = tr?.resolve();
  // A type that does not resolve leaves nothing, as upstream (its walk records an error and no output).
  if (!resolved) return null;
  const atom = deduceAtom(resolved, v);
  if (atom.map) return removeFromMap(atom.map, v, toRemove);
  if (atom.scalar) return v;
  if (atom.list) return removeFromList(atom.list, v, toRemove);
  return null;
}

function removeFromList(t: ListType, v: Value, toRemove: FieldSet): Value {
  if (!isList(v)) return null;
  const list = v;
  if (list.length === 0 || t.elementRelationship === 'atomic') return null;
  const out: Value[] = [];
  for (const item of list) {
    const pe = listItemElement(t, item);
    // Items that cannot be named (only in invalid lists) stay, as nothing can name them for removal.
    if (typeof pe === 'string') {
      out.push(item);
      continue;
    }
    if (toRemove.hasMember(pe)) continue;
    const subset = toRemove.child(pe);
    out.push(subset && !subset.empty() ? removeItems(item, subset, t.elementType) : item);
  }
  return out.length > 0 ? out : null;
}

function removeFromMap(t: MapType, v: Value, toRemove: FieldSet): Value {
  if (!isMap(v)) return null;
  const m = v;
  if (t.elementRelationship === 'atomic') return null;
  const out: Record<string, Value> = {};
  let any = false;
  for (const k in m) {
    const pe = field(k);
    if (toRemove.hasMember(pe)) continue;
    const subset = toRemove.child(pe);
    setField(
      out,
      k,
      subset && !subset.empty() ? removeItems(m[k]!, subset, t.fields.get(k)?.type ?? t.elementType) : m[k]!,
    );
    any = true;
  }
  return any ? out : null;
}
