import { describe, expect, it } from 'vitest';
import { maxNestingDepth, nestingDepth } from '../json/depth.js';
import { applyJSONPatch, maxCopyBytes, parseOperations } from './json-patch.js';
import { applyMergePatch } from './merge-patch.js';

describe('applyMergePatch (RFC 7386)', () => {
  it('merges objects, deletes on null, replaces arrays', () => {
    const target = { metadata: { labels: { a: '1', b: '2' } }, list: [1, 2] };
    expect(applyMergePatch(target, { metadata: { labels: { b: null, c: '3' } }, list: [3] })).toEqual({
      metadata: { labels: { a: '1', c: '3' } },
      list: [3],
    });
    expect(target.metadata.labels.b).toBe('2');
  });
});

describe('applyJSONPatch (RFC 6902)', () => {
  const doc = { spec: { replicas: 1, containers: [{ name: 'a' }] } };

  it('applies add, replace, remove, move, copy and test in order', () => {
    const ops = parseOperations([
      { op: 'test', path: '/spec/replicas', value: 1 },
      { op: 'replace', path: '/spec/replicas', value: 3 },
      { op: 'add', path: '/spec/containers/-', value: { name: 'b' } },
      { op: 'copy', from: '/spec/containers/0', path: '/spec/first' },
      { op: 'move', from: '/spec/first', path: '/spec/moved' },
      { op: 'remove', path: '/spec/containers/0' },
      { op: 'add', path: '/metadata', value: { 'a/b': 1 } },
      { op: 'remove', path: '/metadata/a~1b' },
    ]);
    expect(applyJSONPatch(doc, ops)).toEqual({
      spec: { replicas: 3, containers: [{ name: 'b' }], moved: { name: 'a' } },
      metadata: {},
    });
    expect(doc.spec.replicas).toBe(1);
  });

  it('fails the whole patch on a failed test', () => {
    expect(() => applyJSONPatch(doc, parseOperations([{ op: 'test', path: '/spec/replicas', value: 2 }]))).toThrow(
      'test failed',
    );
  });

  it('fails on missing paths and malformed operations', () => {
    expect(() => applyJSONPatch(doc, parseOperations([{ op: 'remove', path: '/nope' }]))).toThrow('nonexistent');
    expect(() => applyJSONPatch(doc, parseOperations([{ op: 'replace', path: '/a/b', value: 1 }]))).toThrow(
      'missing path',
    );
    expect(() => parseOperations({ op: 'add' })).toThrow('array');
    expect(() => parseOperations([{ op: 'frob', path: '/a' }])).toThrow('Unexpected kind: frob');
    expect(() => parseOperations([{ op: 'add', path: '/a' }])).toThrow('missing value');
  });

  // Regression: pointers are not bounded by the patch's nesting, so adds could build a document
  // deep enough to overflow every later walk (a 500, or worse).
  it('refuses an operation that would nest the document too deeply', () => {
    const deep = (n: number): unknown => {
      let v: unknown = 1;
      for (let i = 0; i < n; i++) v = [v];
      return v;
    };
    const chain = `/spec${'/0'.repeat(maxNestingDepth - 3)}`;
    const ok = applyJSONPatch(doc, parseOperations([{ op: 'add', path: '/spec', value: deep(maxNestingDepth - 2) }]));
    expect(nestingDepth(ok)).toBe(maxNestingDepth - 1);
    expect(() =>
      applyJSONPatch(
        doc,
        parseOperations([
          { op: 'add', path: '/spec', value: deep(maxNestingDepth - 2) },
          { op: 'add', path: chain, value: deep(5) },
        ]),
      ),
    ).toThrow(
      `add operation does not apply: the document would nest deeper than ${maxNestingDepth} levels at ${chain}`,
    );
    expect(() =>
      applyJSONPatch(doc, parseOperations([{ op: 'copy', from: '/spec', path: '/a' }]), {
        maxDepth: 2,
      }),
    ).toThrow('copy operation does not apply');
  });

  // Regression: repeated copies of the root doubled the document each time.
  it('limits what copies may add in all, as upstream', () => {
    const big = { data: 'x'.repeat(1024 * 1024) };
    const copies = Array.from({ length: 4 }, (_, i) => ({ op: 'copy', from: '/data', path: `/c${i}` }));
    expect(() => applyJSONPatch(big, parseOperations(copies))).toThrow(
      `Unable to complete the copy, the accumulated size increase of copy is ${3 * (1024 * 1024 + 2)}, exceeding the limit ${maxCopyBytes}`,
    );
    expect(applyJSONPatch(big, parseOperations(copies.slice(0, 2)))).toHaveProperty('c1');
  });
});
