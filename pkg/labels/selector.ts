/**
 * Label selectors (mirrors k8s.io/apimachinery/pkg/labels/selector.go): the parsed form of
 * `?labelSelector=app=web,tier in (fe,be),!canary` that list, watch and deletecollection filter by.
 * The text syntax is parsed by ./parse.ts.
 */
import { invalid, notSupported, type FieldError } from '../util/validation/field/errors.js';
import { isQualifiedName, isValidLabelValue } from '../util/validation/validation.js';

/** An object's labels. */
export type Labels = Readonly<Record<string, string>>;

/** Upstream selection.Operator values, as they print. */
export type Operator = '=' | '==' | '!=' | 'in' | 'notin' | 'exists' | '!' | 'gt' | 'lt';

/** One term: `key op values`. `exists`/`!` have no values; `=`,`==`,`!=`,`gt`,`lt` exactly one. */
export interface Requirement {
  readonly key: string;
  readonly operator: Operator;
  /** Sorted, as upstream stores them (so the selector prints canonically). */
  readonly values: readonly string[];
}

export interface Selector {
  /** True when every requirement holds for `labels` (an empty selector matches everything). */
  matches(labels: Labels): boolean;
  /** No requirements: matches everything. */
  empty(): boolean;
  /** The terms, sorted by key. */
  requirements(): readonly Requirement[];
  /** The value `key` must have, when the selector pins it with `=`/`==`/a one-value `in`. */
  requiresExactMatch(key: string): string | undefined;
  /** Canonical text, parseable again: `app=web,tier in (be,fe),!canary`. */
  toString(): string;
}

const unaryOperators: readonly Operator[] = ['exists', '!'];
/** In upstream's order: it is printed in the "expected: …" parse error. */
export const binaryOperators: readonly Operator[] = ['in', 'notin', '=', '==', '!=', 'gt', 'lt'];

/**
 * Problems with one requirement as FieldErrors (upstream NewRequirement): key syntax, value
 * count per operator, integer values for gt/lt, label-value syntax. `path` prefixes the fields
 * ('' at top level, as upstream's nil path).
 */
export function validateRequirement(key: string, operator: string, values: readonly string[], path = ''): FieldError[] {
  const errs: FieldError[] = [];
  const at = (child: string) => (path === '' ? child : `${path}.${child}`);
  const keyErr = validateLabelKey(key, at('key'));
  if (keyErr) errs.push(keyErr);
  const valuePath = at('values');
  switch (operator) {
    case 'in':
    case 'notin':
      if (values.length === 0)
        errs.push(invalid(valuePath, values, "for 'in', 'notin' operators, values set can't be empty"));
      break;
    case '=':
    case '==':
    case '!=':
      if (values.length !== 1)
        errs.push(invalid(valuePath, values, 'exact-match compatibility requires one single value'));
      break;
    case 'exists':
    case '!':
      if (values.length !== 0)
        errs.push(invalid(valuePath, values, 'values set must be empty for exists and does not exist'));
      break;
    case 'gt':
    case 'lt':
      if (values.length !== 1)
        errs.push(invalid(valuePath, values, "for 'Gt', 'Lt' operators, exactly one value is required"));
      values.forEach((v, i) => {
        if (parseInt64(v) === undefined)
          errs.push(invalid(`${valuePath}[${i}]`, v, "for 'Gt', 'Lt' operators, the value must be an integer"));
      });
      break;
    default:
      errs.push(notSupported(at('operator'), operator, [...binaryOperators, ...unaryOperators]));
  }
  values.forEach((v, i) => {
    const problems = isValidLabelValue(v);
    if (problems.length > 0) errs.push(invalid(`${valuePath}[${i}][${key}]`, v, problems.join('; ')));
  });
  return errs;
}

/** Label key syntax (a qualified name), as one FieldError at `field`. */
export function validateLabelKey(key: string, field: string): FieldError | undefined {
  const problems = isQualifiedName(key);
  return problems.length > 0 ? invalid(field, key, problems.join('; ')) : undefined;
}

/** A validated requirement; throws SelectorError with upstream's aggregate message when invalid. */
export function newRequirement(key: string, operator: Operator, values: readonly string[], path = ''): Requirement {
  const errs = validateRequirement(key, operator, values, path);
  if (errs.length > 0) throw new SelectorError(aggregateMessage(errs));
  return { key, operator, values: [...values] };
}

/** A malformed label or field selector. The HTTP layer answers it with 400 BadRequest and this message. */
export class SelectorError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SelectorError';
  }
}

/** Upstream's utilerrors aggregate text: one message alone, several as `[a, b]` (duplicates dropped). */
function aggregateMessage(errs: readonly FieldError[]): string {
  const msgs = [...new Set(errs.map(String))];
  return msgs.length === 1 ? (msgs[0] ?? '') : `[${msgs.join(', ')}]`;
}

/** Go's strconv.ParseInt(s, 10, 64): optional sign, decimal digits, within int64. */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const n = BigInt(s);
  return n >= -(2n ** 63n) && n < 2n ** 63n ? n : undefined;
}

export function requirementMatches(r: Requirement, labels: Labels): boolean {
  const has = Object.hasOwn(labels, r.key);
  const value = labels[r.key];
  switch (r.operator) {
    case 'in':
    case '=':
    case '==':
      return has && value !== undefined && r.values.includes(value);
    case 'notin':
    case '!=':
      return !has || value === undefined || !r.values.includes(value);
    case 'exists':
      return has;
    case '!':
      return !has;
    case 'gt':
    case 'lt': {
      if (!has || value === undefined || r.values.length !== 1) return false;
      const actual = parseInt64(value);
      const bound = parseInt64(r.values[0] ?? '');
      if (actual === undefined || bound === undefined) return false;
      return r.operator === 'gt' ? actual > bound : actual < bound;
    }
  }
}

/** Upstream Requirement.String(): `!k`, `k`, `k=v`, `k in (a,b)`, `k>3`. */
export function requirementString(r: Requirement): string {
  const values = [...r.values].sort().join(',');
  switch (r.operator) {
    case '!':
      return `!${r.key}`;
    case 'exists':
      return r.key;
    case 'in':
      return `${r.key} in (${values})`;
    case 'notin':
      return `${r.key} notin (${values})`;
    case 'gt':
      return `${r.key}>${values}`;
    case 'lt':
      return `${r.key}<${values}`;
    default:
      return `${r.key}${r.operator}${values}`;
  }
}

/** A selector over the given requirements (sorted by key, stably, as upstream). */
export function newSelector(requirements: readonly Requirement[]): Selector {
  const reqs = [...requirements].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return {
    matches: (labels) => reqs.every((r) => requirementMatches(r, labels)),
    empty: () => reqs.length === 0,
    requirements: () => reqs,
    requiresExactMatch(key) {
      const r = reqs.find((x) => x.key === key);
      if (r?.values.length !== 1) return undefined;
      return r.operator === '=' || r.operator === '==' || r.operator === 'in' ? r.values[0] : undefined;
    },
    toString: () => reqs.map(requirementString).join(','),
  };
}

/** Matches every object. */
export function everything(): Selector {
  return newSelector([]);
}

/** Matches objects carrying every label of `set` with the same value (no validation: trusted input). */
export function selectorFromSet(set: Labels | undefined): Selector {
  return newSelector(
    Object.entries(set ?? {}).map(([key, value]) => ({ key, operator: '=' as const, values: [value] })),
  );
}
