/**
 * The label selector text syntax (mirrors labels.Parse in k8s.io/apimachinery/pkg/labels/selector.go):
 *
 *   selector    := requirement ( ',' requirement )*
 *   requirement := '!' KEY | KEY [ ('in' | 'notin') '(' VALUE (',' VALUE)* ')'
 *                               | ('=' | '==' | '!=' | '>' | '<') VALUE ]
 *
 * Whitespace separates tokens; `in`/`notin` are keywords only where an operator may stand
 * (`x in (in)` is valid). Errors carry upstream's exact text, because clients show it verbatim:
 *   unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt
 */
import {
  binaryOperators,
  newRequirement,
  newSelector,
  SelectorError,
  validateLabelKey,
  type Operator,
  type Requirement,
  type Selector,
} from './selector.js';

type Token =
  | 'error'
  | 'end'
  | 'closedPar'
  | 'comma'
  | 'doesNotExist'
  | 'doubleEquals'
  | 'equals'
  | 'greaterThan'
  | 'identifier'
  | 'in'
  | 'lessThan'
  | 'notEquals'
  | 'notIn'
  | 'openPar';

const literalTokens: ReadonlyMap<string, Token> = new Map([
  [')', 'closedPar'],
  [',', 'comma'],
  ['!', 'doesNotExist'],
  ['==', 'doubleEquals'],
  ['=', 'equals'],
  ['>', 'greaterThan'],
  ['in', 'in'],
  ['<', 'lessThan'],
  ['!=', 'notEquals'],
  ['notin', 'notIn'],
  ['(', 'openPar'],
]);

interface Scanned {
  token: Token;
  literal: string;
}

const isWhitespace = (ch: string) => ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n';
const isSpecial = (ch: string) => '=!(),><'.includes(ch);

/** Splits the input into tokens; an unknown run of symbols becomes an 'error' token carrying the message. */
function scan(input: string): Scanned[] {
  const items: Scanned[] = [];
  let pos = 0;
  for (;;) {
    while (pos < input.length && isWhitespace(input[pos] ?? '')) pos++;
    if (pos >= input.length) {
      items.push({ token: 'end', literal: '' });
      return items;
    }
    if (isSpecial(input[pos] ?? '')) {
      // Longest run of symbols that is still a known operator ("!=" rather than "!" then "=").
      let buffer = '';
      let last: Scanned | undefined;
      while (pos < input.length && isSpecial(input[pos] ?? '')) {
        buffer += input[pos];
        const tok = literalTokens.get(buffer);
        if (tok) last = { token: tok, literal: buffer };
        else if (last) break;
        pos++;
      }
      items.push(last ?? { token: 'error', literal: `error expected: keyword found '${buffer}'` });
      continue;
    }
    const start = pos;
    while (pos < input.length && !isSpecial(input[pos] ?? '') && !isWhitespace(input[pos] ?? '')) pos++;
    const word = input.slice(start, pos);
    items.push({ token: literalTokens.get(word) ?? 'identifier', literal: word });
  }
}

class Parser {
  private position = 0;
  constructor(private readonly items: readonly Scanned[]) {}

  /** In value position the keywords `in`/`notin` are plain identifiers. */
  private tokenAt(i: number, asValue: boolean): Scanned {
    const item = this.items[Math.min(i, this.items.length - 1)] ?? { token: 'end', literal: '' };
    if (asValue && (item.token === 'in' || item.token === 'notIn'))
      return { token: 'identifier', literal: item.literal };
    return item;
  }

  lookahead(asValue = true): Scanned {
    return this.tokenAt(this.position, asValue);
  }

  consume(asValue = true): Scanned {
    return this.tokenAt(this.position++, asValue);
  }

  parse(): Requirement[] {
    const reqs: Requirement[] = [];
    for (;;) {
      const { token, literal } = this.lookahead();
      if (token === 'end') return reqs;
      if (token !== 'identifier' && token !== 'doesNotExist')
        throw new SelectorError(`found '${literal}', expected: !, identifier, or 'end of string'`);
      try {
        reqs.push(this.parseRequirement());
      } catch (err) {
        if (err instanceof SelectorError) throw new SelectorError(`unable to parse requirement: ${err.message}`);
        throw err;
      }
      const next = this.consume();
      if (next.token === 'end') return reqs;
      if (next.token !== 'comma') throw new SelectorError(`found '${next.literal}', expected: ',' or 'end of string'`);
      const after = this.lookahead();
      if (after.token !== 'identifier' && after.token !== 'doesNotExist')
        throw new SelectorError(`found '${after.literal}', expected: identifier after ','`);
    }
  }

  private parseRequirement(): Requirement {
    let unary: Operator | undefined;
    let item = this.consume();
    if (item.token === 'doesNotExist') {
      unary = '!';
      item = this.consume();
    }
    if (item.token !== 'identifier') throw new SelectorError(`found '${item.literal}', expected: identifier`);
    const key = item.literal;
    // Upstream validates the key against a nil field path, which prints as "<nil>".
    const keyErr = validateLabelKey(key, '<nil>');
    if (keyErr) throw new SelectorError(String(keyErr));
    const next = this.lookahead().token;
    if (unary === undefined && (next === 'end' || next === 'comma')) unary = 'exists';
    if (unary !== undefined) return newRequirement(key, unary, []);

    const operator = this.parseOperator();
    const values = operator === 'in' || operator === 'notin' ? this.parseValues() : this.parseExactValue();
    return newRequirement(key, operator, [...values].sort());
  }

  private parseOperator(): Operator {
    const { token, literal } = this.consume(false);
    const byToken: Partial<Record<Token, Operator>> = {
      in: 'in',
      equals: '=',
      doubleEquals: '==',
      greaterThan: 'gt',
      lessThan: 'lt',
      notIn: 'notin',
      notEquals: '!=',
    };
    const op = byToken[token];
    if (!op) throw new SelectorError(`found '${literal}', expected: ${binaryOperators.join(', ')}`);
    return op;
  }

  private parseValues(): Set<string> {
    const open = this.consume();
    if (open.token !== 'openPar') throw new SelectorError(`found '${open.literal}' expected: '('`);
    const { token, literal } = this.lookahead();
    if (token === 'closedPar') {
      this.consume();
      return new Set(['']);
    }
    if (token !== 'identifier' && token !== 'comma')
      throw new SelectorError(`found '${literal}', expected: ',', ')' or identifier`);
    const values = this.parseIdentifiersList();
    if (this.consume().token !== 'closedPar') throw new SelectorError(`found '${literal}', expected: ')'`);
    return values;
  }

  /** `a,b`, with empty members allowed: `(,a)`, `(a,)`, `(a,,b)` all include ''. */
  private parseIdentifiersList(): Set<string> {
    const values = new Set<string>();
    for (;;) {
      const { token, literal } = this.consume();
      if (token === 'identifier') {
        values.add(literal);
        const next = this.lookahead();
        if (next.token === 'comma') continue;
        if (next.token === 'closedPar') return values;
        throw new SelectorError(`found '${next.literal}', expected: ',' or ')'`);
      }
      if (token === 'comma') {
        if (values.size === 0) values.add('');
        const next = this.lookahead().token;
        if (next === 'closedPar') {
          values.add('');
          return values;
        }
        if (next === 'comma') values.add('');
        continue;
      }
      throw new SelectorError(`found '${literal}', expected: ',', or identifier`);
    }
  }

  private parseExactValue(): Set<string> {
    const next = this.lookahead().token;
    if (next === 'end' || next === 'comma') return new Set(['']);
    const { token, literal } = this.consume();
    if (token === 'identifier') return new Set([literal]);
    throw new SelectorError(`found '${literal}', expected: identifier`);
  }
}

/** Parses a label selector; throws SelectorError with upstream's message. '' selects everything. */
export function parse(selector: string): Selector {
  return newSelector(new Parser(scan(selector)).parse());
}
