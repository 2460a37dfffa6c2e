/**
 * Schemas (sigs.k8s.io/structured-merge-diff/schema): what the merge algorithm knows of a type.
 * An atom is a scalar, a list or a map (or, for untyped data, any of the three); lists and maps
 * say how their elements relate: `atomic` (replaced whole, owned as one field), `associative`
 * (list items identified by key fields or by value) or `separable` (map fields owned one by one).
 *
 * Upstream resolves named types through the schema on every step. Here a TypeRef resolves once
 * and remembers its atom; named types are produced on first use by the schema's lookup, so a
 * converter can build the ~800 built-in types lazily and recursive types (JSONSchemaProps) are
 * just cycles between objects.
 */
import type { Value } from '../value/value.js';

export type Scalar = 'numeric' | 'string' | 'boolean' | 'untyped';
export type ElementRelationship = 'associative' | 'atomic' | 'separable';

export interface StructField {
  readonly name: string;
  readonly type: TypeRef;
  /** The default a key field takes when an associative-list item omits it. */
  readonly default?: Value;
}

export interface MapType {
  readonly fields: ReadonlyMap<string, StructField>;
  /** The type of fields not in `fields`; undefined when the map allows no others. */
  readonly elementType: TypeRef | undefined;
  /** Unset ('') means separable. */
  readonly elementRelationship: ElementRelationship | '';
}

export interface ListType {
  readonly elementType: TypeRef;
  readonly elementRelationship: ElementRelationship | '';
  /** Key fields of an associative list of maps; empty for sets of scalars and other lists. */
  readonly keys: readonly string[];
}

export interface Atom {
  readonly scalar?: Scalar;
  readonly list?: ListType;
  readonly map?: MapType;
}

export const untypedAtomicName = '__untyped_atomic_';
export const untypedDeducedName = '__untyped_deduced_';

/** A reference to a type: named (resolved through the schema) or inlined. */
export class TypeRef {
  private resolved: Atom | null | undefined;

  private constructor(
    private readonly resolver: () => Atom | undefined,
    /** The type's name, for named references. */
    readonly namedType: string | undefined,
    /** The inlined atom, for inlined references. */
    readonly inlined: Atom | undefined,
  ) {}

  static inline(atom: Atom): TypeRef {
    return new TypeRef(() => atom, undefined, atom);
  }

  static named(name: string, resolver: () => Atom | undefined): TypeRef {
    return new TypeRef(resolver, name, undefined);
  }

  /** The atom this reference denotes, or undefined when no such type exists. */
  resolve(): Atom | undefined {
    if (this.resolved === undefined) this.resolved = this.resolver() ?? null;
    return this.resolved ?? undefined;
  }

  /** `named type: X` or `inlined`, as upstream's schema errors name a reference. */
  describe(): string {
    return this.namedType === undefined ? 'inlined' : `named type: ${this.namedType}`;
  }

  /** The untyped map of deduced schemas (reconciliation skips those). */
  isUntypedDeduced(): boolean {
    if (this.namedType !== undefined) return this.namedType === untypedDeducedName;
    return this.inlined?.scalar === 'untyped';
  }
}

/**
 * A set of named types. `lookup` produces the atom of a name on first use (a converter from
 * OpenAPI, or a fixed table); results are memoized.
 */
export class Schema {
  private readonly types = new Map<string, Atom | null>();
  private readonly refs = new Map<string, TypeRef>();

  constructor(private readonly lookup: (name: string, schema: Schema) => Atom | undefined) {}

  findNamedType(name: string): Atom | undefined {
    let atom = this.types.get(name);
    if (atom === undefined) {
      atom = this.lookup(name, this) ?? null;
      this.types.set(name, atom);
    }
    return atom ?? undefined;
  }

  /**
   * A reference to a named type, optionally overriding the relationship of its map's or list's
   * elements (a field that makes a shared struct atomic). Upstream refuses an override on a
   * scalar type: the reference then resolves to nothing.
   */
  ref(name: string, override?: ElementRelationship): TypeRef {
    const cacheKey = override === undefined ? name : `${name}\u0000${override}`;
    let ref = this.refs.get(cacheKey);
    if (!ref) {
      ref = TypeRef.named(name, () => {
        const atom = this.findNamedType(name);
        if (atom === undefined || override === undefined) return atom;
        if (atom.map) return { ...atom, map: { ...atom.map, elementRelationship: override } };
        if (atom.list) return { ...atom, list: { ...atom.list, elementRelationship: override } };
        return undefined;
      });
      this.refs.set(cacheKey, ref);
    }
    return ref;
  }
}

/** The schema every deduced (schemaless) type uses: untyped atoms, maps separable, lists atomic. */
export function addUntypedTypes(schema: Schema, name: string): Atom | undefined {
  if (name === untypedAtomicName) {
    const self = schema.ref(untypedAtomicName);
    return {
      scalar: 'untyped',
      list: { elementType: self, elementRelationship: 'atomic', keys: [] },
      map: { fields: new Map(), elementType: self, elementRelationship: 'atomic' },
    };
  }
  if (name === untypedDeducedName) {
    return {
      scalar: 'untyped',
      list: { elementType: schema.ref(untypedAtomicName), elementRelationship: 'atomic', keys: [] },
      map: { fields: new Map(), elementType: schema.ref(untypedDeducedName), elementRelationship: 'separable' },
    };
  }
  return undefined;
}

const facets = new WeakMap<Atom, { scalar?: Atom; list?: Atom; map?: Atom }>();

function facetOf(atom: Atom, which: 'scalar' | 'list' | 'map'): Atom {
  const count = (atom.scalar ? 1 : 0) + (atom.list ? 1 : 0) + (atom.map ? 1 : 0);
  if (count === 1) return atom;
  let cache = facets.get(atom);
  if (!cache) facets.set(atom, (cache = {}));
  let facet = cache[which];
  if (!facet) {
    facet = which === 'scalar' ? { scalar: atom.scalar } : which === 'list' ? { list: atom.list } : { map: atom.map };
    cache[which] = facet;
  }
  return facet;
}

/**
 * Narrows an atom that allows several kinds of values to the kind `v` is (deduceAtom). Atoms
 * narrowed from the same atom to the same kind are the same object, so `===` is upstream's
 * Atom.Equals for the merge and compare walkers' "do both sides have the same type" test.
 */
export function deduceAtom(atom: Atom, v: Value | undefined): Atom {
  if (v === undefined) return atom;
  if (v === null) return atom;
  if (Array.isArray(v)) return atom.list ? facetOf(atom, 'list') : atom;
  if (typeof v === 'object') return atom.map ? facetOf(atom, 'map') : atom;
  return atom.scalar ? facetOf(atom, 'scalar') : atom;
}
