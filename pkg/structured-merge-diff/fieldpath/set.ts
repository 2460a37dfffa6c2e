/**
 * Field sets (fieldpath.Set): a trie of paths. Each node holds its members (paths ending there)
 * and its children (paths continuing), both sorted by upstream's path-element order, so set
 * algebra is a merge of sorted arrays and serialization writes upstream's order.
 *
 * Sets are built by inserting into fresh sets; the algebra returns new sets that may share
 * untouched subtrees with their inputs, so a set is never mutated once another set could hold it.
 */
import type { TypeRef } from '../schema/elements.js';
import { compareElements, equalElements, searchElements, type PathElement } from './element.js';
import { pathString, type Path } from './path.js';

interface SetNode {
  readonly pe: PathElement;
  readonly set: FieldSet;
}

const nodeElement = (n: SetNode): PathElement => n.pe;
const self = (pe: PathElement): PathElement => pe;

function insertSorted(members: PathElement[], pe: PathElement): void {
  const last = members[members.length - 1];
  if (last === undefined || compareElements(last, pe) < 0) {
    members.push(pe);
    return;
  }
  const at = searchElements(members, pe, self);
  if (at < 0) members.splice(-at - 1, 0, pe);
}

function unionMembers(a: readonly PathElement[], b: readonly PathElement[]): PathElement[] {
  if (a.length === 0) return b.slice();
  if (b.length === 0) return a.slice();
  const out: PathElement[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const c = compareElements(a[i]!, b[j]!);
    if (c < 0) out.push(a[i++]!);
    else {
      out.push(b[j]!);
      if (c === 0) i++;
      j++;
    }
  }
  while (i < a.length) out.push(a[i++]!);
  while (j < b.length) out.push(b[j++]!);
  return out;
}

function intersectMembers(a: readonly PathElement[], b: readonly PathElement[]): PathElement[] {
  const out: PathElement[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const c = compareElements(a[i]!, b[j]!);
    if (c < 0) i++;
    else {
      if (c === 0) out.push(a[i++]!);
      j++;
    }
  }
  return out;
}

function subtractMembers(a: readonly PathElement[], b: readonly PathElement[]): PathElement[] {
  if (b.length === 0) return a.slice();
  const out: PathElement[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const c = compareElements(a[i]!, b[j]!);
    if (c < 0) out.push(a[i++]!);
    else {
      if (c === 0) i++;
      j++;
    }
  }
  while (i < a.length) out.push(a[i++]!);
  return out;
}

/** True when a result has exactly `set`'s members and child sets: then `set` itself is the result. */
function unchanged(set: FieldSet, members: readonly PathElement[], children: readonly SetNode[]): boolean {
  if (members.length !== set.members.length || children.length !== set.children.length) return false;
  for (let i = 0; i < children.length; i++) if (children[i]!.set !== set.children[i]!.set) return false;
  return true;
}

export class FieldSet {
  constructor(
    /** Paths that end here, sorted. */
    readonly members: PathElement[] = [],
    /** Paths that continue, sorted by their element. */
    readonly children: SetNode[] = [],
  ) {}

  static of(...paths: readonly Path[]): FieldSet {
    const s = new FieldSet();
    for (const p of paths) s.insert(p);
    return s;
  }

  /**
   * The nodes the last insert descended through, by element: walks insert path after path
   * depth-first with the same element objects, so the common prefix is found by identity and
   * not searched for again.
   */
  private cursorPath: PathElement[] | undefined;
  private cursorNodes: FieldSet[] | undefined;
  private cursorDepth = 0;

  /** Adds a path (the empty path is no path and is ignored). */
  insert(path: Path): void {
    const depth = path.length - 1;
    if (depth < 0) return;
    const cursorPath = (this.cursorPath ??= []);
    const cursorNodes = (this.cursorNodes ??= []);
    let s: FieldSet = this;
    let i = 0;
    while (i < depth && i < this.cursorDepth && cursorPath[i] === path[i]) s = cursorNodes[i++]!;
    for (; i < depth; i++) {
      const pe = path[i]!;
      s = s.descend(pe);
      cursorPath[i] = pe;
      cursorNodes[i] = s;
    }
    this.cursorDepth = depth;
    insertSorted(s.members, path[depth]!);
  }

  /** The child set under `pe`, created when missing. Only for sets under construction. */
  descend(pe: PathElement): FieldSet {
    const children = this.children;
    const last = children[children.length - 1];
    if (last === undefined || compareElements(last.pe, pe) < 0) {
      const set = new FieldSet();
      children.push({ pe, set });
      return set;
    }
    const at = searchElements(children, pe, nodeElement);
    if (at >= 0) return children[at]!.set;
    const set = new FieldSet();
    children.splice(-at - 1, 0, { pe, set });
    return set;
  }

  hasMember(pe: PathElement): boolean {
    return searchElements(this.members, pe, self) >= 0;
  }

  /** The child set under `pe`, if any (Children.Get). */
  child(pe: PathElement): FieldSet | undefined {
    const at = searchElements(this.children, pe, nodeElement);
    return at >= 0 ? this.children[at]!.set : undefined;
  }

  /** The paths under `pe`, without it (an empty set when none). */
  withPrefix(pe: PathElement): FieldSet {
    return this.child(pe) ?? new FieldSet();
  }

  has(path: Path): boolean {
    if (path.length === 0) return false;
    let s: FieldSet | undefined = this;
    for (let i = 0; i < path.length - 1; i++) {
      s = s.child(path[i]!);
      if (!s) return false;
    }
    return s.hasMember(path[path.length - 1]!);
  }

  empty(): boolean {
    if (this.members.length > 0) return false;
    for (const n of this.children) if (!n.set.empty()) return false;
    return true;
  }

  /** The number of paths. */
  size(): number {
    let n = this.members.length;
    for (const c of this.children) n += c.set.size();
    return n;
  }

  equals(other: FieldSet): boolean {
    if (this === other) return true;
    if (this.members.length !== other.members.length || this.children.length !== other.children.length) return false;
    for (let i = 0; i < this.members.length; i++) if (!equalElements(this.members[i]!, other.members[i]!)) return false;
    for (let i = 0; i < this.children.length; i++) {
      const a = this.children[i]!;
      const b = other.children[i]!;
      if (!equalElements(a.pe, b.pe) || !a.set.equals(b.set)) return false;
    }
    return true;
  }

  union(other: FieldSet): FieldSet {
    if (other.members.length === 0 && other.children.length === 0) return this;
    if (this.members.length === 0 && this.children.length === 0) return other;
    const a = this.children;
    const b = other.children;
    const children: SetNode[] = [];
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      const an = a[i]!;
      const bn = b[j]!;
      const c = compareElements(an.pe, bn.pe);
      if (c < 0) {
        children.push(an);
        i++;
      } else {
        if (c === 0) {
          children.push({ pe: an.pe, set: an.set.union(bn.set) });
          i++;
        } else children.push(bn);
        j++;
      }
    }
    while (i < a.length) children.push(a[i++]!);
    while (j < b.length) children.push(b[j++]!);
    const members = unionMembers(this.members, other.members);
    // Sets are compared by identity downstream (encoding, caches): keep it when nothing was added.
    return unchanged(this, members, children) ? this : new FieldSet(members, children);
  }

  intersection(other: FieldSet): FieldSet {
    const a = this.children;
    const b = other.children;
    const children: SetNode[] = [];
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      const an = a[i]!;
      const bn = b[j]!;
      const c = compareElements(an.pe, bn.pe);
      if (c < 0) i++;
      else {
        if (c === 0) {
          const res = an.set.intersection(bn.set);
          if (!res.empty()) children.push({ pe: an.pe, set: res });
          i++;
        }
        j++;
      }
    }
    return new FieldSet(intersectMembers(this.members, other.members), children);
  }

  /** The paths of this set that `other` does not hold (members and children subtracted level by level). */
  difference(other: FieldSet): FieldSet {
    if (other.members.length === 0 && other.children.length === 0) return this;
    const a = this.children;
    const b = other.children;
    const children: SetNode[] = [];
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      const an = a[i]!;
      const bn = b[j]!;
      const c = compareElements(an.pe, bn.pe);
      if (c < 0) {
        children.push(an);
        i++;
      } else {
        if (c === 0) {
          const diff = an.set.difference(bn.set);
          if (!diff.empty()) children.push({ pe: an.pe, set: diff });
          i++;
        }
        j++;
      }
    }
    while (i < a.length) children.push(a[i++]!);
    const members = subtractMembers(this.members, other.members);
    return unchanged(this, members, children) ? this : new FieldSet(members, children);
  }

  /** Like difference, but a member of `other` also removes everything under it. */
  recursiveDifference(other: FieldSet): FieldSet {
    if (other.members.length === 0 && other.children.length === 0) return this;
    const a = this.children;
    const b = other.children;
    const children: SetNode[] = [];
    let i = 0;
    let j = 0;
    while (i < a.length && j < b.length) {
      const an = a[i]!;
      const bn = b[j]!;
      const c = compareElements(an.pe, bn.pe);
      if (c < 0) {
        if (!other.hasMember(an.pe)) children.push(an);
        i++;
      } else {
        if (c === 0) {
          if (!other.hasMember(an.pe)) {
            const diff = an.set.recursiveDifference(bn.set);
            if (!diff.empty()) children.push({ pe: an.pe, set: diff });
          }
          i++;
        }
        j++;
      }
    }
    for (; i < a.length; i++) {
      const an = a[i]!;
      if (!other.hasMember(an.pe)) children.push(an);
    }
    const members = subtractMembers(this.members, other.members);
    return unchanged(this, members, children) ? this : new FieldSet(members, children);
  }

  /**
   * Adds, as members, the struct fields (fields the schema declares) that only appear as
   * parents of other paths. Pruning removes such a field whole once nobody owns anything in it.
   */
  ensureNamedFieldsAreMembers(tr: TypeRef | undefined): FieldSet {
    // Pruning asks for the same set's named fields several times.
    if (this.named && this.named.tr === tr) return this.named.set;
    const set = this.withNamedFields(tr);
    this.named = { tr, set };
    return set;
  }

  private named: { readonly tr: TypeRef | undefined; readonly set: FieldSet } | undefined;

  private withNamedFields(tr: TypeRef | undefined): FieldSet {
    const atom = tr?.resolve();
    const members = this.members.slice();
    const children: SetNode[] = [];
    for (const node of this.children) {
      let childType: TypeRef | undefined;
      if (node.pe.kind === 'field' && atom?.map) {
        const sf = atom.map.fields.get(node.pe.name);
        if (sf) insertSorted(members, node.pe);
        childType = sf ? sf.type : atom.map.elementType;
      } else if (node.pe.kind === 'key' && atom?.list) childType = atom.list.elementType;
      children.push({ pe: node.pe, set: node.set.ensureNamedFieldsAreMembers(childType) });
    }
    return new FieldSet(members, children);
  }

  /** Calls `fn` with every path: this node's members first, then each child's paths. */
  iterate(fn: (path: Path) => void): void {
    this.iteratePrefix([], fn);
  }

  private iteratePrefix(prefix: PathElement[], fn: (path: Path) => void): void {
    for (const pe of this.members) fn([...prefix, pe]);
    for (const node of this.children) {
      prefix.push(node.pe);
      node.set.iteratePrefix(prefix, fn);
      prefix.pop();
    }
  }

  toString(): string {
    const lines: string[] = [];
    this.iterate((p) => lines.push(pathString(p)));
    return lines.join('\n');
  }

  /** The paths `matcher` accepts (FilterIncludeMatches). */
  filterIncludeMatches(matcher: SetMatcher): FieldSet {
    if (matcher.wildcard) return this;
    const members: PathElement[] = [];
    for (const m of this.members) if (matcher.members.some((pm) => pm.matches(m))) members.push(m);
    const children: SetNode[] = [];
    for (const node of this.children) {
      const pm = matcher.members.find((c) => c.matches(node.pe));
      if (!pm) continue;
      const child = node.set.filterIncludeMatches(pm.child);
      if (child.size() > 0) children.push({ pe: node.pe, set: child });
    }
    return new FieldSet(members, children);
  }
}

/** One level of a pattern over sets: an element (or any element) and the pattern below it. */
export class SetMemberMatcher {
  constructor(
    /** undefined matches any element. */
    readonly element: PathElement | undefined,
    readonly child: SetMatcher,
  ) {}

  matches(pe: PathElement): boolean {
    return this.element === undefined || equalElements(this.element, pe);
  }
}

/** A pattern over sets (fieldpath.SetMatcher): a wildcard, or the member patterns it allows. */
export class SetMatcher {
  constructor(
    readonly wildcard: boolean,
    readonly members: readonly SetMemberMatcher[] = [],
  ) {}

  static any(): SetMatcher {
    return new SetMatcher(true);
  }

  /** Matches every path under a prefix (fieldpath.PrefixMatcher); `undefined` parts match any element. */
  static prefix(...parts: readonly (PathElement | undefined)[]): SetMatcher {
    let current = SetMatcher.any();
    for (let i = parts.length - 1; i >= 0; i--)
      current = new SetMatcher(false, [new SetMemberMatcher(parts[i], current)]);
    return current;
  }

  /** Everything either matcher accepts. */
  merge(other: SetMatcher): SetMatcher {
    if (this.wildcard || other.wildcard) return SetMatcher.any();
    const merged = [...this.members];
    for (const m of other.members) {
      const at = merged.findIndex(
        (x) =>
          (x.element === undefined) === (m.element === undefined) &&
          (x.element === undefined || (m.element !== undefined && equalElements(x.element, m.element))),
      );
      if (at >= 0) {
        const existing = merged[at]!;
        merged[at] = new SetMemberMatcher(existing.element, existing.child.merge(m.child));
      } else merged.push(m);
    }
    return new SetMatcher(false, merged);
  }
}

/** Removes fields from sets: reset fields a strategy owns, or everything but a pattern. */
export interface Filter {
  filter(set: FieldSet): FieldSet;
}

/** A filter that drops `exclude` and everything under its members. */
export function excludeSetFilter(exclude: FieldSet): Filter {
  return { filter: (set) => set.recursiveDifference(exclude) };
}

/** A filter that keeps only what one of the matchers accepts (all of a set without matchers). */
export function includeMatcherFilter(...matchers: readonly SetMatcher[]): Filter {
  const matcher =
    matchers.reduce<SetMatcher | undefined>((acc, m) => (acc ? acc.merge(m) : m), undefined) ?? SetMatcher.any();
  return { filter: (set) => set.filterIncludeMatches(matcher) };
}
