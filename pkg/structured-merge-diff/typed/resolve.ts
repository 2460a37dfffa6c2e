/** Resolving a type reference for a value, as every typed walker starts (resolveSchema). */
import type { PathElement } from '../fieldpath/element.js';
import { deduceAtom, type Atom, type TypeRef } from '../schema/elements.js';
import type { Value } from '../value/value.js';
import type { ErrorList } from './helpers.js';

/**
 * The atom to walk `v` with, or undefined after recording upstream's error. A missing reference
 * (a field a struct does not declare) resolves, as upstream's empty TypeRef does, to an atom of
 * nothing, which the walkers report as an invalid atom.
 */
export function resolveFor(
  tr: TypeRef | undefined,
  v: Value | undefined,
  errs: ErrorList,
  path: readonly PathElement[],
): Atom | undefined {
  if (tr === undefined) return emptyAtom;
  const atom = tr.resolve();
  if (!atom) {
    errs.add(path, `schema error: no type found matching: ${tr.namedType ?? 'inlined type'}`);
    return undefined;
  }
  return deduceAtom(atom, v);
}

const emptyAtom: Atom = {};

/** `named type: X` or `inlined`, for invalid-atom errors. */
export function describeRef(tr: TypeRef | undefined): string {
  return tr?.describe() ?? 'inlined';
}
