/**
 * Collections of path elements for the walkers' bookkeeping (upstream's PathElementSet and
 * PathElementMap are sorted slices): which list items were seen, and each side's items of a
 * list by name. Lists are mostly short (containers, ports, env), where comparing elements
 * beats hashing them; past a few dozen entries the elements' FieldsV1 spellings (canonical:
 * key fields sorted, numbers in one form) key a hash map.
 */
import { equalElements, type PathElement, serializePathElement } from './element.js';

const linearLimit = 32;

export class PathElementMap<T> {
  private readonly elements: PathElement[] = [];
  private readonly values: T[] = [];
  private hashed: Map<string, T> | undefined;

  private indexOf(pe: PathElement): number {
    const elements = this.elements;
    for (let i = 0; i < elements.length; i++) if (equalElements(elements[i]!, pe)) return i;
    return -1;
  }

  set(pe: PathElement, v: T): void {
    if (this.hashed) {
      this.hashed.set(serializePathElement(pe), v);
      return;
    }
    const at = this.indexOf(pe);
    if (at >= 0) {
      this.values[at] = v;
      return;
    }
    this.elements.push(pe);
    this.values.push(v);
    if (this.elements.length > linearLimit) {
      this.hashed = new Map();
      for (let i = 0; i < this.elements.length; i++)
        this.hashed.set(serializePathElement(this.elements[i]!), this.values[i]!);
    }
  }

  get(pe: PathElement): T | undefined {
    if (this.hashed) return this.hashed.get(serializePathElement(pe));
    const at = this.indexOf(pe);
    return at < 0 ? undefined : this.values[at];
  }

  has(pe: PathElement): boolean {
    if (this.hashed) return this.hashed.has(serializePathElement(pe));
    return this.indexOf(pe) >= 0;
  }
}

export class PathElementSet {
  private readonly map = new PathElementMap<true>();

  /** Adds `pe`; false when it was already there. */
  insert(pe: PathElement): boolean {
    if (this.map.has(pe)) return false;
    this.map.set(pe, true);
    return true;
  }

  has(pe: PathElement): boolean {
    return this.map.has(pe);
  }
}
