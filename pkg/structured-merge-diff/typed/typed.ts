/**
 * Typed values (typed/typed.go): a value with the schema type it is an instance of, and the
 * operations of the merge algorithm on it.
 */
import type { FieldSet } from '../fieldpath/set.js';
import type { Schema, TypeRef } from '../schema/elements.js';
import type { Value } from '../value/value.js';
import { Comparison, compareValues } from './compare.js';
import { ErrorList, ValidationErrors } from './helpers.js';
import { mergeValues } from './merge.js';
import { removeItems } from './remove.js';
import { toFieldSet } from './tofieldset.js';
import { validateValue } from './validate.js';

export interface ValidationOptions {
  /** Accept associative lists with several items of the same key (live objects may have them). */
  readonly allowDuplicates?: boolean;
}

export class TypedValue {
  private constructor(
    readonly value: Value,
    readonly typeRef: TypeRef,
    readonly schema: Schema,
  ) {}

  /** A validated typed value; throws ValidationErrors. */
  static asTyped(value: Value, schema: Schema, typeRef: TypeRef, opts: ValidationOptions = {}): TypedValue {
    const tv = new TypedValue(value, typeRef, schema);
    tv.validate(opts);
    return tv;
  }

  /** A typed value taken as valid (the result of operations on validated values). */
  static unvalidated(value: Value, schema: Schema, typeRef: TypeRef): TypedValue {
    return new TypedValue(value, typeRef, schema);
  }

  validate(opts: ValidationOptions = {}): void {
    const errs = new ErrorList();
    validateValue(this.value, this.typeRef, opts.allowDuplicates ?? false, errs);
    errs.throwIfAny();
  }

  /** The fields this value sets (computed once: values are immutable, sets never modified once built). */
  toFieldSet(): FieldSet {
    if (this.fieldSet) return this.fieldSet;
    const errs = new ErrorList();
    const set = toFieldSet(this.value, this.typeRef, errs);
    errs.throwIfAny();
    this.fieldSet = set;
    return set;
  }

  private fieldSet: FieldSet | undefined;

  /** This value with `other` merged over it (other wins at every leaf). */
  merge(other: TypedValue): TypedValue {
    this.checkSameType(other);
    const errs = new ErrorList();
    const out = mergeValues(this.value, other.value, this.typeRef, errs);
    errs.throwIfAny();
    return new TypedValue(out === undefined ? null : out, this.typeRef, this.schema);
  }

  /** What `other` added, removed and modified relative to this value. */
  compare(other: TypedValue): Comparison {
    this.checkSameType(other);
    const errs = new ErrorList();
    const cmp = compareValues(this.value, other.value, this.typeRef, errs);
    errs.throwIfAny();
    return cmp;
  }

  /** This value without `items` (and what is under them). */
  removeItems(items: FieldSet): TypedValue {
    return new TypedValue(removeItems(this.value, items, this.typeRef), this.typeRef, this.schema);
  }

  withValue(value: Value): TypedValue {
    return new TypedValue(value, this.typeRef, this.schema);
  }

  private checkSameType(other: TypedValue): void {
    if (this.schema !== other.schema)
      throw new ValidationErrors([{ path: '', message: 'expected objects with types from the same schema' }]);
    if (this.typeRef !== other.typeRef)
      throw new ValidationErrors([
        {
          path: '',
          message: `expected objects of the same type, but got ${this.typeRef.describe()} and ${other.typeRef.describe()}`,
        },
      ]);
  }
}

export { Comparison };
