import { describe, expect, it } from 'vitest';
import { compareElements, elementString, field, index, keyByFields, valueElement } from './element.js';
import { makePath, pathString } from './path.js';
import {
  deserializePathElement,
  FieldsV1Error,
  serializePathElement,
  setFromFieldsV1,
  setToFieldsV1,
  setToJSON,
} from './serialize.js';
import { excludeSetFilter, FieldSet, includeMatcherFilter, SetMatcher } from './set.js';

const p = makePath;

describe('path elements', () => {
  it('orders fields, then keys, then values, then indexes', () => {
    const ordered = [
      field('a'),
      field('b'),
      keyByFields('name', 'a'),
      valueElement(1),
      valueElement('a'),
      index(0),
      index(2),
    ];
    for (let i = 0; i + 1 < ordered.length; i++) expect(compareElements(ordered[i]!, ordered[i + 1]!)).toBe(-1);
  });

  it('sorts key fields by name', () => {
    expect(serializePathElement(keyByFields('protocol', 'TCP', 'containerPort', 80))).toBe(
      'k:{"containerPort":80,"protocol":"TCP"}',
    );
    expect(elementString(keyByFields('protocol', 'TCP', 'containerPort', 80))).toBe(
      '[containerPort=80,protocol="TCP"]',
    );
  });

  it('prints paths as upstream', () => {
    expect(pathString(p('spec', 'containers', keyByFields('name', 'nginx'), 'image'))).toBe(
      '.spec.containers[name="nginx"].image',
    );
    expect(pathString(p('finalizers', valueElement('a'), 3))).toBe('.finalizers[="a"][3]');
  });

  it('parses every element kind and rejects malformed ones', () => {
    expect(deserializePathElement('f:a:b')).toEqual(field('a:b'));
    expect(deserializePathElement('v:"x"')).toEqual(valueElement('x'));
    expect(deserializePathElement('i:12')).toEqual(index(12));
    expect(deserializePathElement('k:{"b":1,"a":"x"}')).toEqual(keyByFields('a', 'x', 'b', 1));
    expect(deserializePathElement('z:whatever')).toBeUndefined();
    expect(() => deserializePathElement('f')).toThrow(FieldsV1Error);
    expect(() => deserializePathElement('fx')).toThrow('missing colon: fx');
    expect(() => deserializePathElement('i:x')).toThrow(FieldsV1Error);
    expect(() => deserializePathElement('k:[1]')).toThrow(FieldsV1Error);
    expect(() => deserializePathElement('v:{')).toThrow(FieldsV1Error);
  });
});

describe('FieldsV1', () => {
  // Golden data from upstream's fieldpath/serialize_test.go: parsing then writing gives the same bytes.
  const golden = [
    String.raw`{"f:aaa":{},"f:aab":{},"f:aac":{},"f:aad":{},"f:aae":{},"f:aaf":{},"k:{\"name\":\"first\"}":{},"k:{\"name\":\"second\"}":{},"k:{\"port\":443,\"protocol\":\"tcp\"}":{},"k:{\"port\":443,\"protocol\":\"udp\"}":{},"v:1":{},"v:2":{},"v:3":{},"v:\"aa\"":{},"v:\"ab\"":{},"v:true":{},"i:1":{},"i:2":{},"i:3":{},"i:4":{}}`,
    String.raw`{"f:aaa":{"k:{\"name\":\"second\"}":{"v:3":{"f:aab":{}}},"v:3":{},"v:true":{}},"f:aab":{"f:aaa":{},"f:aaf":{"k:{\"port\":443,\"protocol\":\"udp\"}":{"k:{\"port\":443,\"protocol\":\"tcp\"}":{}}},"k:{\"name\":\"first\"}":{}},"f:aac":{"f:aaa":{"v:1":{}},"f:aac":{},"v:3":{"k:{\"name\":\"second\"}":{}}},"f:aad":{"f:aac":{"v:1":{}},"f:aaf":{"k:{\"name\":\"first\"}":{"k:{\"name\":\"first\"}":{}}},"i:1":{"i:1":{},"i:3":{"v:true":{}}}},"f:aae":{"f:aae":{},"k:{\"port\":443,\"protocol\":\"tcp\"}":{"k:{\"port\":443,\"protocol\":\"udp\"}":{}},"i:4":{"f:aaf":{}}},"f:aaf":{"i:1":{"f:aac":{}},"i:2":{},"i:3":{}},"k:{\"name\":\"first\"}":{"f:aad":{"f:aaf":{}}},"k:{\"port\":443,\"protocol\":\"tcp\"}":{"f:aaa":{"f:aad":{}}},"k:{\"port\":443,\"protocol\":\"udp\"}":{"f:aac":{},"k:{\"name\":\"first\"}":{"i:3":{}},"k:{\"port\":443,\"protocol\":\"udp\"}":{"i:4":{}}},"v:1":{"f:aac":{"i:4":{}},"f:aaf":{},"k:{\"port\":443,\"protocol\":\"tcp\"}":{}},"v:2":{"f:aad":{"f:aaf":{}},"i:1":{}},"v:3":{"f:aaa":{},"k:{\"name\":\"first\"}":{},"i:2":{}},"v:\"aa\"":{"f:aab":{"f:aaf":{}},"f:aae":{},"k:{\"name\":\"first\"}":{"f:aad":{}},"i:2":{}},"v:\"ab\"":{"f:aaf":{"i:4":{}},"k:{\"port\":443,\"protocol\":\"tcp\"}":{},"k:{\"port\":443,\"protocol\":\"udp\"}":{},"v:1":{"k:{\"port\":443,\"protocol\":\"udp\"}":{}},"i:1":{"f:aae":{"i:4":{}}}},"v:true":{"k:{\"name\":\"second\"}":{"f:aaa":{}},"i:2":{"k:{\"port\":443,\"protocol\":\"tcp\"}":{}}},"i:1":{"i:3":{"f:aaf":{}}},"i:2":{"f:aae":{},"k:{\"port\":443,\"protocol\":\"tcp\"}":{"v:1":{}}},"i:3":{"f:aab":{"v:true":{"v:\"aa\"":{}}},"f:aaf":{},"i:1":{}},"i:4":{"v:\"aa\"":{"f:aab":{"k:{\"name\":\"second\"}":{}}}}}`,
  ];

  it.each(golden.map((g, i) => [i, g]))('round-trips upstream golden data %i byte for byte', (_, text) => {
    expect(setToJSON(setFromFieldsV1(JSON.parse(text)))).toBe(text);
  });

  it('sorts what it parses, whatever order the keys came in', () => {
    const set = setFromFieldsV1({ 'f:b': {}, 'i:0': {}, 'f:a': { 'f:y': {}, '.': {}, 'f:x': {} } });
    expect(setToJSON(set)).toBe('{"f:a":{".":{},"f:x":{},"f:y":{}},"f:b":{},"i:0":{}}');
  });

  it('drops element kinds it does not know, as upstream', () => {
    expect(setToJSON(setFromFieldsV1({ 'f:aaa': {}, 'r:aab': {} }))).toBe('{"f:aaa":{}}');
  });

  it('writes "." for a node that is a member and has children', () => {
    const set = FieldSet.of(p('metadata', 'labels'), p('metadata', 'labels', 'app'), p('spec', 'replicas'));
    expect(setToFieldsV1(set)).toEqual({
      'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } },
      'f:spec': { 'f:replicas': {} },
    });
  });

  it('rejects what is not FieldsV1', () => {
    expect(() => setFromFieldsV1([])).toThrow(FieldsV1Error);
    expect(() => setFromFieldsV1({ 'f:a': 1 })).toThrow('expected a JSON object under f:a');
    expect(setFromFieldsV1({}).empty()).toBe(true);
  });
});

describe('FieldSet', () => {
  const a = FieldSet.of(p('a'), p('b', 'c'), p('b', 'd'), p('e', 'f', 'g'));
  const b = FieldSet.of(p('a'), p('b', 'd'), p('e'), p('x'));

  it('unions, intersects and subtracts', () => {
    expect(a.union(b).toString().split('\n')).toEqual(['.a', '.e', '.x', '.b.c', '.b.d', '.e.f.g']);
    expect(a.intersection(b).toString().split('\n')).toEqual(['.a', '.b.d']);
    expect(a.difference(b).toString().split('\n')).toEqual(['.b.c', '.e.f.g']);
  });

  it('subtracts recursively under members', () => {
    expect(a.recursiveDifference(b).toString()).toBe('.b.c');
  });

  it('answers membership and size', () => {
    expect(a.has(p('b', 'c'))).toBe(true);
    expect(a.has(p('b'))).toBe(false);
    expect(a.has([])).toBe(false);
    expect(a.size()).toBe(4);
    expect(new FieldSet().empty()).toBe(true);
    expect(a.equals(FieldSet.of(p('e', 'f', 'g'), p('b', 'd'), p('b', 'c'), p('a')))).toBe(true);
    expect(a.withPrefix(field('b')).toString().split('\n')).toEqual(['.c', '.d']);
  });

  it('filters by exclusion and by prefix patterns', () => {
    expect(
      excludeSetFilter(FieldSet.of(p('b')))
        .filter(a)
        .toString()
        .split('\n'),
    ).toEqual(['.a', '.e.f.g']);
    expect(
      includeMatcherFilter(SetMatcher.prefix(field('b')))
        .filter(a)
        .toString()
        .split('\n'),
    ).toEqual(['.b.c', '.b.d']);
    // A member is kept when it matches its level of the pattern, whatever the pattern says below.
    expect(
      includeMatcherFilter(SetMatcher.prefix(undefined, field('f')))
        .filter(a)
        .toString()
        .split('\n'),
    ).toEqual(['.a', '.e.f.g']);
    expect(includeMatcherFilter().filter(a)).toBe(a);
  });
});
