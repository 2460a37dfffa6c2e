/**
 * Hash-based collections of path elements for the walkers' bookkeeping (upstream's
 * PathElementSet / PathElementMap are sorted slices): which list items were seen, and the items
 * of each side of a list by their key. An element's FieldsV1 spelling is canonical (key fields
 * sorted, numbers in one form), so it serves as the hash key.
 */
import type { PathElement } from './element.js';
import { serializePathElement } from './serialize.js';

export function elementKey(pe: PathElement): string {
  return pe.kind === 'field' ? `f:${pe.name}` : serializePathElement(pe);
}

export class PathElementSet {
  private readonly keys = new Set<string>();

  /** Adds `pe`; false when it was already there. */
  insert(pe: PathElement): boolean {
    const k = elementKey(pe);
    if (this.keys.has(k)) return false;
    this.keys.add(k);
    return true;
  }

  has(pe: PathElement): boolean {
    return this.keys.has(elementKey(pe));
  }
}

export class PathElementMap<T> {
  private readonly entries = new Map<string, T>();

  set(pe: PathElement, v: T): void {
    this.entries.set(elementKey(pe), v);
  }

  get(pe: PathElement): T | undefined {
    return this.entries.get(elementKey(pe));
  }

  has(pe: PathElement): boolean {
    return this.entries.has(elementKey(pe));
  }
}
