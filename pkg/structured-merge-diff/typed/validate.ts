/**
 * Validation of a value against its type (typed/validate.go): scalars of the right kind, lists
 * and maps where the schema has them, associative-list items with their keys and (unless
 * duplicates are allowed) no two items with the same key, no field a struct does not declare.
 */
import { elementString, field, index, type PathElement } from '../fieldpath/element.js';
import { PathElementSet } from '../fieldpath/element-set.js';
import type { ListType, MapType, Scalar, TypeRef } from '../schema/elements.js';
import { describeValue, describeValueSyntax, goTypeName, isList, isMap, type Value } from '../value/value.js';
import { type ErrorList, invalidAtomMessage, listItemElement } from './helpers.js';
import { describeRef, resolveFor } from './resolve.js';

/** The error text when `v` is not a `t` scalar, or undefined when it is (null always is). */
export function scalarError(t: Scalar, v: Value | undefined, prefix: string): string | undefined {
  if (v === undefined || v === null) return undefined;
  switch (t) {
    case 'numeric':
      return typeof v === 'number' ? undefined : `${prefix}expected numeric (int or float), got ${goTypeName(v)}`;
    case 'string':
      return typeof v === 'string' ? undefined : `${prefix}expected string, got ${describeValueSyntax(v)}`;
    case 'boolean':
      return typeof v === 'boolean' ? undefined : `${prefix}expected boolean, got ${describeValue(v)}`;
    case 'untyped':
      return typeof v === 'object' ? `${prefix}expected any scalar, got ${describeValue(v)}` : undefined;
  }
}

export function validateValue(v: Value, tr: TypeRef, allowDuplicates: boolean, errs: ErrorList): void {
  new Validator(allowDuplicates, errs).validate(v, tr, []);
}

class Validator {
  constructor(
    private readonly allowDuplicates: boolean,
    private readonly errs: ErrorList,
  ) {}

  validate(v: Value, tr: TypeRef | undefined, path: PathElement[]): void {
    const atom = resolveFor(tr, v, this.errs, path);
    if (!atom) return;
    if (atom.map) return this.doMap(atom.map, v, path);
    if (atom.scalar) {
      const msg = scalarError(atom.scalar, v, '');
      if (msg !== undefined) this.errs.add(path, msg);
      return;
    }
    if (atom.list) return this.doList(atom.list, v, path);
    this.errs.add(path, invalidAtomMessage(describeRef(tr)));
  }

  private doList(t: ListType, v: Value, path: PathElement[]): void {
    if (v === null) return;
    if (!isList(v)) {
      this.errs.add(path, `expected list, got ${describeValue(v)}`);
      return;
    }
    const list = v;
    const associative = t.elementRelationship === 'associative';
    const observed = associative ? new PathElementSet() : undefined;
    for (let i = 0; i < list.length; i++) {
      const child = list[i]!;
      let pe: PathElement;
      if (!observed) pe = index(i);
      else {
        const named = listItemElement(t, child);
        if (typeof named === 'string') {
          this.errs.add(path, `element ${i}: ${named}`);
          return;
        }
        pe = named;
        if (!observed.insert(pe) && !this.allowDuplicates)
          this.errs.add(path, `duplicate entries for key ${elementString(pe)}`);
      }
      path.push(pe);
      this.validate(child, t.elementType, path);
      path.pop();
    }
  }

  private doMap(t: MapType, v: Value, path: PathElement[]): void {
    if (v === null) return;
    if (!isMap(v)) {
      this.errs.add(path, `expected map, got ${describeValue(v)}`);
      return;
    }
    const m = v;
    for (const k in m) {
      const pe = field(k);
      const tr = t.fields.get(k)?.type ?? t.elementType;
      path.push(pe);
      if (tr === undefined) {
        // Upstream reports the first undeclared field of a map and stops looking at the rest.
        this.errs.add(path, 'field not declared in schema');
        path.pop();
        return;
      }
      this.validate(m[k]!, tr, path);
      path.pop();
    }
  }
}
