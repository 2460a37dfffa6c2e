import { describe, expect, it } from 'vitest';
import { parse } from './parse.js';
import { SelectorError, selectorFromSet } from './selector.js';

function errorOf(selector: string): string {
  try {
    parse(selector);
  } catch (err) {
    if (err instanceof SelectorError) return err.message;
    throw err;
  }
  throw new Error(`${selector} parsed`);
}

describe('labels.parse', () => {
  it.each([
    ['', ''],
    ['x=a', 'x=a'],
    ['x==a', 'x==a'],
    ['x!=a', 'x!=a'],
    ['  x = a ', 'x=a'],
    ['x', 'x'],
    ['!x', '!x'],
    ['x in (b,a)', 'x in (a,b)'],
    ['x notin (a)', 'x notin (a)'],
    ['x in (in,notin)', 'x in (in,notin)'],
    ['x>1', 'x>1'],
    ['x<3', 'x<3'],
    ['z=c,a=b,!m', 'a=b,!m,z=c'],
    ['x=', 'x='],
    ['x in ()', 'x in ()'],
    ['x in (,a)', 'x in (,a)'],
    ['example.com/app=web', 'example.com/app=web'],
  ])('parses %j and prints it canonically as %j', (input, printed) => {
    expect(parse(input).toString()).toBe(printed);
  });

  it('matches =, in, notin, exists, !, gt and lt as upstream', () => {
    const labels = { app: 'web', tier: 'fe', n: '5' };
    const yes = [
      'app=web',
      'app==web',
      'app!=db',
      'tier in (fe,be)',
      'tier notin (be)',
      'missing notin (x)',
      'app',
      '!missing',
      'n>4',
      'n<6',
      'missing!=x',
      '',
    ];
    const no = [
      'app=db',
      'app!=web',
      'tier in (be)',
      'tier notin (fe)',
      'missing',
      '!app',
      'n>5',
      'n<5',
      'app>1',
      'missing>1',
      'missing=x',
      'missing in (x)',
    ];
    for (const s of yes) expect(parse(s).matches(labels), s).toBe(true);
    for (const s of no) expect(parse(s).matches(labels), s).toBe(false);
  });

  it('reports the exact value a selector pins', () => {
    const s = parse('a=1,b in (2),c in (3,4),d!=5');
    expect(s.requiresExactMatch('a')).toBe('1');
    expect(s.requiresExactMatch('b')).toBe('2');
    expect(s.requiresExactMatch('c')).toBeUndefined();
    expect(s.requiresExactMatch('d')).toBeUndefined();
    expect(s.empty()).toBe(false);
    expect(parse('').empty()).toBe(true);
  });

  it.each([
    ['a b', "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt"],
    ['x=a,', "found '', expected: identifier after ','"],
    ['x=a b', "found 'b', expected: ',' or 'end of string'"],
    ['=a', "found '=', expected: !, identifier, or 'end of string'"],
    ['x in a', "unable to parse requirement: found 'a' expected: '('"],
    ['x in (a b)', "unable to parse requirement: found 'b', expected: ',' or ')'"],
    ['x in (a', "unable to parse requirement: found '', expected: ',' or ')'"],
    [
      'x>a',
      `unable to parse requirement: values[0]: Invalid value: "a": for 'Gt', 'Lt' operators, the value must be an integer`,
    ],
    ['x=(', "unable to parse requirement: found '(', expected: identifier"],
    ['!x=a', "found '=', expected: ',' or 'end of string'"],
  ])('rejects %j with upstream wording', (input, message) => {
    expect(errorOf(input)).toBe(message);
  });

  it('validates keys and values with upstream field paths', () => {
    expect(errorOf('-x=a')).toMatch(
      /^unable to parse requirement: <nil>: Invalid value: "-x": name part must consist of alphanumeric characters/,
    );
    expect(errorOf('x=-a')).toMatch(
      /^unable to parse requirement: values\[0\]\[x\]: Invalid value: "-a": a valid label must be an empty string/,
    );
    // Like upstream, label-value syntax applies to gt/lt operands too: a negative bound is rejected.
    expect(errorOf('x<-3')).toMatch(/^unable to parse requirement: values\[0\]\[x\]: Invalid value: "-3"/);
    expect(errorOf(`x=${'v'.repeat(64)}`)).toMatch(
      /^unable to parse requirement: values\[0\]\[x\]: Invalid value: "v+": must be no more than 63 characters/,
    );
  });

  it('builds an equality selector from a label set', () => {
    const s = selectorFromSet({ b: '2', a: '1' });
    expect(s.toString()).toBe('a=1,b=2');
    expect(s.matches({ a: '1', b: '2', c: '3' })).toBe(true);
    expect(s.matches({ a: '1' })).toBe(false);
  });
});
