/**
 * Reconciling a manager's field set with the current schema (typed/reconcile_schema.go): when a
 * list or map has become atomic since the set was recorded, the fields recorded inside it become
 * the one field of the atomic whole. Untyped (deduced) maps are left alone.
 */
import type { PathElement } from '../fieldpath/element.js';
import { FieldSet } from '../fieldpath/set.js';
import type { TypeRef } from '../schema/elements.js';
import { ErrorList } from './helpers.js';

/**
 * Results by set: every write reconciles every manager's set, and sets decoded from an object's
 * managedFields are reused while the object is (schemas do not change under a set).
 */
const reconciled = new WeakMap<FieldSet, { readonly tr: TypeRef; readonly result: FieldSet | undefined }>();

/** The reconciled set, or undefined when the set already fits the schema. */
export function reconcileFieldSetWithSchema(set: FieldSet, tr: TypeRef): FieldSet | undefined {
  const known = reconciled.get(set);
  if (known && known.tr === tr) return known.result;
  const result = reconcileUncached(set, tr);
  reconciled.set(set, { tr, result });
  return result;
}

function reconcileUncached(set: FieldSet, tr: TypeRef): FieldSet | undefined {
  const state: State = { toRemove: undefined, toAdd: undefined, errs: new ErrorList() };
  reconcile(set, tr, [], false, state);
  if (!state.errs.empty)
    throw new Error(
      `errors reconciling field set with schema: ${state.errs.errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)).join('\n')}`,
    );
  if (!state.toRemove && !state.toAdd) return undefined;
  let out = set;
  if (state.toRemove) out = out.recursiveDifference(state.toRemove);
  if (state.toAdd) out = out.union(state.toAdd);
  return out;
}

interface State {
  toRemove: FieldSet | undefined;
  toAdd: FieldSet | undefined;
  errs: ErrorList;
}

function replaceWithAtomic(path: PathElement[], state: State): void {
  state.toRemove ??= new FieldSet();
  state.toRemove.insert(path);
  state.toAdd ??= new FieldSet();
  state.toAdd.insert(path);
}

function reconcile(set: FieldSet | undefined, tr: TypeRef, path: PathElement[], isAtomic: boolean, state: State): void {
  const atom = tr.resolve();
  if (!atom) {
    state.errs.add(path, `could not resolve ${tr.describe()}`);
    return;
  }
  if (atom.map) {
    const t = atom.map;
    if (t.elementType?.isUntypedDeduced() && t.fields.size === 0) return;
    if (!isAtomic && t.elementRelationship === 'atomic') {
      if (set && set.size() > 0) replaceWithAtomic(path, state);
      return;
    }
    if (set)
      visit(set, path, state, (pe) =>
        pe.kind === 'field' ? (t.fields.get(pe.name)?.type ?? t.elementType) : t.elementType,
      );
    return;
  }
  if (atom.scalar || !atom.list) return;
  const t = atom.list;
  if (!isAtomic && t.elementRelationship === 'atomic') {
    replaceWithAtomic(path, state);
    return;
  }
  if (set) visit(set, path, state, () => t.elementType);
}

/** Children that are not also members first, then members (with their children, if any). */
function visit(
  set: FieldSet,
  path: PathElement[],
  state: State,
  typeOf: (pe: PathElement) => TypeRef | undefined,
): void {
  const handle = (pe: PathElement, isMember: boolean): void => {
    const tr = typeOf(pe);
    if (!tr) return;
    const child = set.child(pe);
    path.push(pe);
    reconcile(child, tr, path, isMember && !child, state);
    path.pop();
  };
  for (const node of set.children) if (!set.hasMember(node.pe)) handle(node.pe, false);
  for (const pe of set.members) handle(pe, true);
}
