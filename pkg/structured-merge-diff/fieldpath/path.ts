/** Paths (fieldpath.Path): a sequence of path elements from the root of an object. */
import { compareElements, elementString, equalElements, field, index, type PathElement } from './element.js';

export type Path = readonly PathElement[];

/** `.spec.template.spec.containers[name="nginx"].image`, as upstream prints a path. */
export function pathString(path: Path): string {
  let out = '';
  for (const pe of path) out += elementString(pe);
  return out;
}

export function equalPaths(a: Path, b: Path): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!equalElements(a[i]!, b[i]!)) return false;
  return true;
}

export function comparePaths(a: Path, b: Path): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const c = compareElements(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}

/**
 * A path from parts (fieldpath.MakePath): strings are field names, numbers indexes, and path
 * elements (keys, values) pass through. `makePath('spec', 'replicas')`.
 */
export function makePath(...parts: readonly (string | number | PathElement)[]): Path {
  return parts.map((p) => (typeof p === 'string' ? field(p) : typeof p === 'number' ? index(p) : p));
}
