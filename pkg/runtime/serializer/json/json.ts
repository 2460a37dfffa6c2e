/**
 * Decoding client JSON (request bodies, patches, JSON embedded in protobuf) the way upstream's
 * decoders accept it: JSON.parse's speed, Go's error wording, and Go's refusal of text nested
 * deeper than the limit (see maxNestingDepth), checked before anything is built from it.
 */
import { maxNestingDepth } from '../../../util/json/depth.js';
import { exceedsNestingDepth, goJSONSyntaxError } from './syntax.js';

/** Malformed or too deeply nested JSON; the message is Go's SyntaxError text. */
export class JSONSyntaxError extends Error {
  override readonly name = 'JSONSyntaxError';

  /** The text was refused for nesting too deeply (Go's `… exceeded max depth`). */
  get exceededDepth(): boolean {
    return this.message.endsWith(' exceeded max depth');
  }
}

/**
 * Parses `text`, refusing it beyond `maxDepth` levels of arrays and objects.
 * @throws JSONSyntaxError `invalid character '}' looking for beginning of value`,
 *   `unexpected end of JSON input`, `invalid character '[' exceeded max depth`: the first error
 *   in the text, as Go's scanner reports it.
 */
export function decodeJSON(text: string, maxDepth = maxNestingDepth): unknown {
  // Go's scanner meets errors in text order: a syntax error before the too-deep bracket wins.
  if (exceedsNestingDepth(text, maxDepth)) throw new JSONSyntaxError(firstError(text, maxDepth));
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new JSONSyntaxError(firstError(text, maxDepth));
  }
}

function firstError(text: string, maxDepth: number): string {
  // The scanner and JSON.parse agree on what is JSON; should they not, name the likeliest cause.
  return goJSONSyntaxError(text, maxDepth) ?? 'unexpected end of JSON input';
}
