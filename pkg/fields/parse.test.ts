import { describe, expect, it } from 'vitest';
import { SelectorError } from '../labels/selector.js';
import { checkFieldLabels, parseSelector } from './parse.js';
import { escapeValue, selectorFromSet } from './selector.js';

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    if (err instanceof SelectorError) return err.message;
    throw err;
  }
  throw new Error('no error');
}

describe('fields.parseSelector', () => {
  it('parses =, == and != terms, sorted textually', () => {
    const s = parseSelector('status.phase!=Running,metadata.name==x,spec.nodeName=n1');
    expect(s.toString()).toBe('metadata.name=x,spec.nodeName=n1,status.phase!=Running');
    expect(s.requirements()).toEqual([
      { field: 'metadata.name', operator: '=', value: 'x' },
      { field: 'spec.nodeName', operator: '=', value: 'n1' },
      { field: 'status.phase', operator: '!=', value: 'Running' },
    ]);
  });

  it('matches missing fields as empty values', () => {
    const s = parseSelector('spec.nodeName=,status.phase!=Failed');
    expect(s.matches({ 'metadata.name': 'a' })).toBe(true);
    expect(s.matches({ 'spec.nodeName': 'n1' })).toBe(false);
    expect(s.matches({ 'status.phase': 'Failed' })).toBe(false);
  });

  it('reports exact matches only for = terms', () => {
    const s = parseSelector('metadata.name=a,spec.nodeName!=b');
    expect(s.requiresExactMatch('metadata.name')).toBe('a');
    expect(s.requiresExactMatch('spec.nodeName')).toBeUndefined();
    expect(parseSelector('').empty()).toBe(true);
  });

  it('round-trips escaped commas, equals signs and backslashes in values', () => {
    const value = 'a,b=c\\d';
    const s = parseSelector(`metadata.name=${escapeValue(value)}`);
    expect(s.requiresExactMatch('metadata.name')).toBe(value);
    expect(s.toString()).toBe(`metadata.name=${escapeValue(value)}`);
  });

  it.each([
    ['foo', "invalid selector: 'foo'; can't understand 'foo'"],
    ['a=b,c', "invalid selector: 'a=b,c'; can't understand 'c'"],
    ['a=b=c', 'invalid field selector: unescaped character in value: 61'],
    ['a=b\\x', 'invalid field selector: invalid escape sequence: \\x'],
    ['a=b\\', 'invalid field selector: invalid escape sequence: \\'],
  ])('rejects %j with upstream wording', (input, message) => {
    expect(() => parseSelector(input)).toThrow(SelectorError);
    expect(() => parseSelector(input)).toThrow(message);
  });

  it('builds a selector from a field set', () => {
    expect(selectorFromSet({ b: '2', a: '1' }).toString()).toBe('a=1,b=2');
  });
});

describe('checkFieldLabels', () => {
  it('rejects labels a resource did not register with `field label not supported`', () => {
    const supported = ['metadata.name', 'metadata.namespace', 'spec.nodeName'];
    expect(() => checkFieldLabels(parseSelector('spec.nodeName=a,metadata.name=b'), supported)).not.toThrow();
    expect(messageOf(() => checkFieldLabels(parseSelector('spec.foo=a'), supported))).toBe(
      'field label not supported: spec.foo',
    );
  });

  it('allows only metadata.name and metadata.namespace by default, with upstream default wording', () => {
    expect(() => checkFieldLabels(parseSelector('metadata.namespace=a,metadata.name=b'))).not.toThrow();
    expect(messageOf(() => checkFieldLabels(parseSelector('data.x=a')))).toBe(
      '"data.x" is not a known field selector: only "metadata.name", "metadata.namespace"',
    );
  });
});
