/**
 * JSON patch (RFC 6902): a list of add/remove/replace/move/copy/test operations on JSON pointers
 * (RFC 6901), applied in order to a copy of the document. A failed `test` or a path that does not
 * exist fails the whole patch, with a message naming the operation, like upstream's evanphx/json-patch.
 *
 * Two limits keep a small patch from building a huge or deep document: copies may add at most
 * 3 MiB of JSON in all (evanphx's AccumulatedCopySizeLimit, which the apiserver sets to its
 * JSONPatchMaxCopyBytes), and no operation may nest the document deeper than maxNestingDepth
 * (a pointer is not bounded by the patch's own nesting, so each add could go deeper).
 */
import { isDeepStrictEqual } from 'node:util';
import { maxNestingDepth, nestingDepth } from '../json/depth.js';

export interface Operation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  value?: unknown;
  from?: string;
}

export class JSONPatchError extends Error {}

type Container = Record<string, unknown> | unknown[];

/** Validates the shape of a decoded patch document. */
export function parseOperations(doc: unknown): Operation[] {
  if (!Array.isArray(doc)) throw new JSONPatchError('json patch must be an array of operations');
  return doc.map((raw, i) => {
    if (typeof raw !== 'object' || raw === null) throw new JSONPatchError(`operation ${i} is not an object`);
    const op = (raw as Record<string, unknown>).op;
    const path = (raw as Record<string, unknown>).path;
    if (typeof op !== 'string' || !['add', 'remove', 'replace', 'move', 'copy', 'test'].includes(op)) {
      throw new JSONPatchError(`Unexpected kind: ${String(op)}`);
    }
    if (typeof path !== 'string') throw new JSONPatchError(`operation ${i} (${op}) is missing path`);
    const operation = raw as Operation;
    if ((op === 'add' || op === 'replace' || op === 'test') && !('value' in operation)) {
      throw new JSONPatchError(`operation ${i} (${op}) is missing value`);
    }
    if ((op === 'move' || op === 'copy') && typeof operation.from !== 'string')
      throw new JSONPatchError(`operation ${i} (${op}) is missing from`);
    return operation;
  });
}

/** The apiserver's JSONPatchMaxCopyBytes default: the most JSON that copy operations may add. */
export const maxCopyBytes = 3 * 1024 * 1024;

export interface JSONPatchLimits {
  maxDepth?: number;
  maxCopyBytes?: number;
}

/**
 * Applies `operations` to a copy of `document`.
 * @throws JSONPatchError when an operation does not apply, copies exceed the copy limit
 *   (`Unable to complete the copy, the accumulated size increase of copy is N, exceeding the
 *   limit 3145728`) or an operation would nest the document deeper than the depth limit.
 */
export function applyJSONPatch(
  document: unknown,
  operations: readonly Operation[],
  limits: JSONPatchLimits = {},
): unknown {
  const maxDepth = limits.maxDepth ?? maxNestingDepth;
  const copyLimit = limits.maxCopyBytes ?? maxCopyBytes;
  let copied = 0;
  // A root holder lets every operation address its target as parent[key], even the root "".
  const root: Record<string, unknown> = { doc: structuredClone(document) };
  /** Adds `value` at `path` unless that would nest the document too deeply. */
  const place = (op: Operation, value: unknown): void => {
    // The value sits inside one container per pointer token.
    const inside = op.path === '' ? 0 : op.path.split('/').length - 1;
    if (inside + nestingDepth(value, maxDepth) > maxDepth) {
      throw new JSONPatchError(
        `${op.op} operation does not apply: the document would nest deeper than ${maxDepth} levels at ${op.path}`,
      );
    }
    add(root, op.path, value);
  };
  for (const op of operations) {
    switch (op.op) {
      case 'add':
        place(op, structuredClone(op.value));
        break;
      case 'remove':
        remove(root, op.path);
        break;
      case 'replace':
        remove(root, op.path);
        place(op, structuredClone(op.value));
        break;
      case 'move': {
        const value = remove(root, op.from ?? '');
        place(op, value);
        break;
      }
      case 'copy': {
        const value = get(root, op.from ?? '');
        copied += Buffer.byteLength(JSON.stringify(value) ?? 'null');
        if (copied > copyLimit) {
          throw new JSONPatchError(
            `Unable to complete the copy, the accumulated size increase of copy is ${copied}, exceeding the limit ${copyLimit}`,
          );
        }
        place(op, structuredClone(value));
        break;
      }
      case 'test':
        if (!isDeepStrictEqual(get(root, op.path), op.value))
          throw new JSONPatchError(`testing value ${op.path} failed: test failed`);
        break;
    }
  }
  return root.doc;
}

/** "/a/b~1c" → ["doc", "a", "b/c"]. */
function tokens(pointer: string): string[] {
  if (pointer === '') return ['doc'];
  if (!pointer.startsWith('/')) throw new JSONPatchError(`invalid JSON pointer ${JSON.stringify(pointer)}`);
  return [
    'doc',
    ...pointer
      .slice(1)
      .split('/')
      .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~')),
  ];
}

function parentOf(root: Record<string, unknown>, pointer: string): { parent: Container; key: string } {
  const path = tokens(pointer);
  let node: unknown = root;
  for (const t of path.slice(0, -1)) {
    node = child(node, t, pointer);
  }
  if (typeof node !== 'object' || node === null) throw new JSONPatchError(`doc is missing path: ${pointer}`);
  return { parent: node as Container, key: path[path.length - 1] ?? '' };
}

function child(node: unknown, key: string, pointer: string): unknown {
  if (Array.isArray(node)) {
    const i = arrayIndex(key, node.length - 1, pointer);
    return node[i];
  }
  if (typeof node === 'object' && node !== null && Object.hasOwn(node, key))
    return (node as Record<string, unknown>)[key];
  throw new JSONPatchError(`doc is missing path: ${pointer}`);
}

function arrayIndex(key: string, max: number, pointer: string): number {
  if (!/^(0|[1-9]\d*)$/.test(key)) throw new JSONPatchError(`invalid array index ${JSON.stringify(key)} in ${pointer}`);
  const i = Number(key);
  if (i > max) throw new JSONPatchError(`index out of range: ${pointer}`);
  return i;
}

function get(root: Record<string, unknown>, pointer: string): unknown {
  const { parent, key } = parentOf(root, pointer);
  return child(parent, key, pointer);
}

function add(root: Record<string, unknown>, pointer: string, value: unknown): void {
  const { parent, key } = parentOf(root, pointer);
  if (Array.isArray(parent)) {
    const i = key === '-' ? parent.length : arrayIndex(key, parent.length, pointer);
    parent.splice(i, 0, value);
  } else {
    parent[key] = value;
  }
}

function remove(root: Record<string, unknown>, pointer: string): unknown {
  const { parent, key } = parentOf(root, pointer);
  if (Array.isArray(parent)) {
    const i = arrayIndex(key, parent.length - 1, pointer);
    return parent.splice(i, 1)[0];
  }
  if (!Object.hasOwn(parent, key)) throw new JSONPatchError(`unable to remove nonexistent key: ${key}: missing value`);
  const value = parent[key];
  delete parent[key];
  return value;
}
