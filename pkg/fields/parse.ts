/**
 * Field selector text (mirrors fields.ParseSelector in k8s.io/apimachinery/pkg/fields/selector.go):
 * comma-separated `field=value`, `field==value` or `field!=value` terms; in values, `\,` `\=` `\\`
 * escape the special characters. Terms are sorted textually, as upstream does before parsing.
 * Which fields a resource supports is a separate check (`checkFieldLabels`), made by the registry.
 */
import { SelectorError } from '../labels/selector.js';
import { newSelector, type Requirement, type Selector } from './selector.js';

/** Splits on commas not preceded by a backslash; the escapes stay in the terms. */
function splitTerms(selector: string): string[] {
  if (selector === '') return [];
  const terms: string[] = [];
  let start = 0;
  let escaped = false;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (escaped) escaped = false;
    else if (c === '\\') escaped = true;
    else if (c === ',') {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

/** The first operator occurrence splits the term; `!=` and `==` win over `=` at the same position. */
function splitTerm(term: string): { field: string; op: '!=' | '==' | '='; rest: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of ['!=', '==', '='] as const) {
      if (term.startsWith(op, i)) return { field: term.slice(0, i), op, rest: term.slice(i + op.length) };
    }
  }
  return undefined;
}

/** Undoes escapeValue; unescaped `,`/`=` or an unknown escape are errors with upstream's text. */
export function unescapeValue(value: string): string {
  if (!/[\\,=]/.test(value)) return value;
  let out = '';
  let escaped = false;
  for (const c of value) {
    if (escaped) {
      if (c !== '\\' && c !== ',' && c !== '=')
        throw new SelectorError(`invalid field selector: invalid escape sequence: \\${c}`);
      out += c;
      escaped = false;
    } else if (c === '\\') {
      escaped = true;
    } else if (c === ',' || c === '=') {
      // Upstream formats the rune with %v, which prints its code point.
      throw new SelectorError(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    } else {
      out += c;
    }
  }
  if (escaped) throw new SelectorError('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** Parses a field selector; throws SelectorError with upstream's message. '' selects everything. */
export function parseSelector(selector: string): Selector {
  const terms: Requirement[] = [];
  for (const part of splitTerms(selector).sort()) {
    if (part === '') continue;
    const split = splitTerm(part);
    if (!split) throw new SelectorError(`invalid selector: '${selector}'; can't understand '${part}'`);
    terms.push({ field: split.field, operator: split.op === '!=' ? '!=' : '=', value: unescapeValue(split.rest) });
  }
  return newSelector(terms);
}

/**
 * Rejects field labels a resource cannot filter on with a SelectorError, which the registry
 * answers as 400 BadRequest (upstream does this when converting field labels for the request's kind). With `supported` (a resource that registered
 * its own field labels, like pods) the message is `field label not supported: <label>`; without,
 * only metadata.name and metadata.namespace exist, and the message is upstream's default one.
 */
export function checkFieldLabels(selector: Selector, supported?: readonly string[]): void {
  for (const { field } of selector.requirements()) {
    if (supported === undefined) {
      if (field !== 'metadata.name' && field !== 'metadata.namespace') {
        throw new SelectorError(
          `${JSON.stringify(field)} is not a known field selector: only "metadata.name", "metadata.namespace"`,
        );
      }
    } else if (!supported.includes(field)) {
      throw new SelectorError(`field label not supported: ${field}`);
    }
  }
}
