/** Paths (fieldpath.Path): a sequence of path elements from the root of an object. */
import { elementString, field, index, type PathElement } from './element.js';

export type Path = readonly PathElement[];

/** `.spec.template.spec.containers[name="nginx"].image`, as upstream prints a path. */
export function pathString(path: Path): string {
  let out = '';
  for (const pe of path) out += elementString(pe);
  return out;
}

/**
 * A path from parts (fieldpath.MakePath): strings are field names, numbers indexes, and path
 * elements (keys, values) pass through. `makePath('spec', 'replicas')`.
 */
export function makePath(...parts: readonly (string | number | PathElement)[]): Path {
  return parts.map((p) => (typeof p === 'string' ? field(p) : typeof p === 'number' ? index(p) : p));
}
