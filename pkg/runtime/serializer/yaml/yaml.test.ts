import { describe, expect, it } from 'vitest';
import { DecodeError } from '../errors.js';
import { decodeYAML } from './yaml.js';

describe('decodeYAML', () => {
  it('reports duplicate keys as go-yaml does, later values winning', () => {
    const { value, duplicateKeys } = decodeYAML(
      'metadata:\n  name: a\n  name: b\nspec:\n  paused: true\n  paused: false\n',
    );
    expect(value).toEqual({ metadata: { name: 'b' }, spec: { paused: false } });
    expect(duplicateKeys).toEqual(['line 3: key "name" already set in map', 'line 6: key "paused" already set in map']);
  });

  it('reads YAML 1.1 scalars as go-yaml v2 but keeps timestamps as strings', () => {
    expect(decodeYAML('a: yes\nb: off\nc: 0755\nd: 2001-12-14\ne: "yes"\n').value).toEqual({
      a: true,
      b: false,
      c: 493,
      d: '2001-12-14',
      e: 'yes',
    });
  });

  it('reads only the first document', () => {
    expect(decodeYAML('a: 1\n---\nb: 2\n').value).toEqual({ a: 1 });
  });

  it('treats an empty body as null', () => {
    expect(decodeYAML('').value).toBeNull();
  });

  it('rejects malformed YAML with the line', () => {
    expect(() => decodeYAML('a: [1,\nb: 2')).toThrow(DecodeError);
    expect(() => decodeYAML('a: b: c')).toThrow(/^error converting YAML to JSON: yaml: line 1: /);
  });
});
