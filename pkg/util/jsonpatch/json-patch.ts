/**
 * JSON patch (RFC 6902): a list of add/remove/replace/move/copy/test operations on JSON pointers
 * (RFC 6901), applied in order to a copy of the document. A failed `test` or a path that does not
 * exist fails the whole patch, with a message naming the operation, like upstream's evanphx/json-patch.
 */
import { isDeepStrictEqual } from 'node:util';

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

export function applyJSONPatch(document: unknown, operations: readonly Operation[]): unknown {
  // A root holder lets every operation address its target as parent[key], even the root "".
  const root: Record<string, unknown> = { doc: structuredClone(document) };
  for (const op of operations) {
    switch (op.op) {
      case 'add':
        add(root, op.path, structuredClone(op.value));
        break;
      case 'remove':
        remove(root, op.path);
        break;
      case 'replace':
        remove(root, op.path);
        add(root, op.path, structuredClone(op.value));
        break;
      case 'move': {
        const value = remove(root, op.from ?? '');
        add(root, op.path, value);
        break;
      }
      case 'copy':
        add(root, op.path, structuredClone(get(root, op.from ?? '')));
        break;
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
