import { describe, expect, it } from 'vitest';
import { applyJSONPatch, parseOperations } from './json-patch.js';
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
});
