/**
 * JSON syntax errors worded as Go's encoding/json scanner words them (`invalid character '}'
 * looking for beginning of object key string`, `unexpected end of JSON input`, `invalid character
 * '[' exceeded max depth`). Upstream puts these in its 400 messages; JSON.parse's own wording
 * differs, so when it fails (or the text nests too deeply) we re-scan the text here to find Go's
 * message. Like Go's scanner this keeps its nesting on a heap stack, not the call stack: the
 * text may be 3 MiB of `[`.
 */
import { maxNestingDepth } from '../../../util/json/depth.js';

class SyntaxFailure extends Error {}

/**
 * Go's message for the first syntax error in `text`, or undefined when `text` is valid JSON
 * nested at most `maxDepth` levels (arrays and objects; Go's limit is 10000, see maxNestingDepth).
 */
export function goJSONSyntaxError(text: string, maxDepth = maxNestingDepth): string | undefined {
  const scanner = new Scanner(text, maxDepth);
  try {
    scanner.document();
    return undefined;
  } catch (err) {
    if (err instanceof SyntaxFailure) return err.message;
    throw err;
  }
}

/**
 * True when brackets in `text` nest deeper than `maxDepth`, judged by counting them outside
 * strings: a linear pass far cheaper than parsing, made before JSON.parse builds a million nested
 * arrays. Exact for valid JSON; for invalid text it only says that a closer look is worth it.
 */
export function exceedsNestingDepth(text: string, maxDepth = maxNestingDepth): boolean {
  if (text.length <= maxDepth) return false;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip the string: its brackets do not nest.
      for (i++; i < text.length; i++) {
        const s = text.charCodeAt(i);
        if (s === 0x5c) i++;
        else if (s === 0x22) break;
      }
    } else if (c === 0x7b || c === 0x5b) {
      if (++depth > maxDepth) return true;
    } else if (c === 0x7d || c === 0x5d) {
      depth--;
    }
  }
  return false;
}

class Scanner {
  i = 0;
  /** The open containers, innermost last: what the next `,` or closing bracket continues. */
  private readonly open: Array<'{' | '['> = [];

  constructor(
    private readonly s: string,
    private readonly maxDepth: number,
  ) {}

  fail(context: string): never {
    if (this.i >= this.s.length) throw new SyntaxFailure('unexpected end of JSON input');
    throw new SyntaxFailure(`invalid character ${quoteChar(this.s[this.i] ?? '')} ${context}`);
  }

  skipSpace(): void {
    while (this.i < this.s.length && ' \t\n\r'.includes(this.s[this.i] ?? '')) this.i++;
  }

  /** One top-level value and nothing after it but space. */
  document(): void {
    for (let valueNext = true; valueNext; ) {
      // An opened container's first member is read by the next turn; a finished value is followed.
      if (!this.value()) valueNext = this.afterValue();
    }
    this.skipSpace();
    if (this.i < this.s.length) this.fail('after top-level value');
  }

  /**
   * Reads a scalar whole, or a container's opening up to where its first member's value starts.
   * Returns true when that member comes next, false when the value is complete (a scalar, `{}`, `[]`).
   */
  private value(): boolean {
    this.skipSpace();
    const c = this.s[this.i];
    if (c === '{' || c === '[') {
      this.open.push(c);
      if (this.open.length > this.maxDepth) this.fail('exceeded max depth');
      this.i++;
      this.skipSpace();
      if (this.s[this.i] === (c === '{' ? '}' : ']')) {
        this.i++;
        this.open.pop();
        return false;
      }
      if (c === '{') this.key();
      return true;
    }
    if (c === '"') this.string();
    else if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) this.number();
    else if (c === 't') this.literal('true');
    else if (c === 'f') this.literal('false');
    else if (c === 'n') this.literal('null');
    else this.fail('looking for beginning of value');
    return false;
  }

  /** An object key and its colon. */
  private key(): void {
    this.skipSpace();
    if (this.s[this.i] !== '"') this.fail('looking for beginning of object key string');
    this.string();
    this.skipSpace();
    if (this.s[this.i] !== ':') this.fail('after object key');
    this.i++;
  }

  /**
   * After a complete value: closes the containers it completes. Returns true when another member
   * follows (its comma, and in an object its key, read), false when the top-level value is done.
   */
  private afterValue(): boolean {
    for (;;) {
      const top = this.open[this.open.length - 1];
      if (top === undefined) return false;
      this.skipSpace();
      const c = this.s[this.i];
      if (c === ',') {
        this.i++;
        if (top === '{') this.key();
        return true;
      }
      if (c !== (top === '{' ? '}' : ']'))
        this.fail(top === '{' ? 'after object key:value pair' : 'after array element');
      this.i++;
      this.open.pop();
    }
  }

  private string(): void {
    this.i++;
    for (;;) {
      const c = this.s[this.i];
      if (c === undefined) this.fail('');
      if (c === '"') {
        this.i++;
        return;
      }
      if (c < ' ') this.fail('in string literal');
      if (c === '\\') {
        this.i++;
        const e = this.s[this.i];
        if (e === 'u') {
          for (let k = 0; k < 4; k++) {
            this.i++;
            if (!/[0-9a-fA-F]/.test(this.s[this.i] ?? '')) this.fail('in \\u hexadecimal character escape');
          }
        } else if (e === undefined || !'"\\/bfnrt'.includes(e)) {
          this.fail('in string escape code');
        }
      }
      this.i++;
    }
  }

  private number(): void {
    if (this.s[this.i] === '-') {
      this.i++;
      if (!isDigit(this.s[this.i])) this.fail('in numeric literal');
    }
    if (this.s[this.i] === '0') this.i++;
    else while (isDigit(this.s[this.i])) this.i++;
    if (this.s[this.i] === '.') {
      this.i++;
      if (!isDigit(this.s[this.i])) this.fail('after decimal point in numeric literal');
      while (isDigit(this.s[this.i])) this.i++;
    }
    if (this.s[this.i] === 'e' || this.s[this.i] === 'E') {
      this.i++;
      if (this.s[this.i] === '+' || this.s[this.i] === '-') this.i++;
      if (!isDigit(this.s[this.i])) this.fail('in exponent of numeric literal');
      while (isDigit(this.s[this.i])) this.i++;
    }
  }

  private literal(word: string): void {
    for (let k = 0; k < word.length; k++, this.i++) {
      if (this.s[this.i] !== word[k]) this.fail(`in literal ${word} (expecting ${quoteChar(word[k] ?? '')})`);
    }
  }
}

function isDigit(c: string | undefined): boolean {
  return c !== undefined && c >= '0' && c <= '9';
}

/** Go's quoteChar: the character in single quotes, control characters escaped as strconv.Quote does. */
function quoteChar(c: string): string {
  if (c === "'") return `'\\''`;
  if (c === '"') return `'"'`;
  const quoted = JSON.stringify(c)
    .slice(1, -1)
    .replace(/\\u00([0-9a-f]{2})/g, '\\x$1');
  return `'${quoted}'`;
}
