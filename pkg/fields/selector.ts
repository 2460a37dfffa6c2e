/**
 * Field selectors (mirrors k8s.io/apimachinery/pkg/fields/selector.go): the parsed form of
 * `?fieldSelector=metadata.name=x,status.phase!=Running`. Only equality terms exist. The text
 * syntax is parsed by ./parse.ts.
 */

/** An object's selectable fields, e.g. {'metadata.name': 'x', 'spec.nodeName': 'node-1'}. */
export type Fields = Readonly<Record<string, string>>;

/** `=` and `==` both parse to '='. */
export type Operator = '=' | '!=';

export interface Requirement {
  readonly field: string;
  readonly operator: Operator;
  readonly value: string;
}

export interface Selector {
  /** True when every term holds; a field missing from `fields` has the value ''. */
  matches(fields: Fields): boolean;
  empty(): boolean;
  requirements(): readonly Requirement[];
  /** The value `field` must equal, when a `=` term pins it. */
  requiresExactMatch(field: string): string | undefined;
  /** Canonical text: terms sorted as upstream's andTerm prints them. */
  toString(): string;
}

/** A selector requiring every term (upstream andTerm / hasTerm / notHasTerm), in the given order. */
export function newSelector(terms: readonly Requirement[]): Selector {
  const reqs = [...terms];
  return {
    matches: (fields) => reqs.every((r) => ((fields[r.field] ?? '') === r.value) === (r.operator === '=')),
    empty: () => reqs.length === 0,
    requirements: () => reqs,
    requiresExactMatch: (field) => reqs.find((r) => r.field === field && r.operator === '=')?.value,
    toString: () => reqs.map((r) => `${r.field}${r.operator}${escapeValue(r.value)}`).join(','),
  };
}

export function everything(): Selector {
  return newSelector([]);
}

/** `field=value` for each entry, sorted by field. */
export function selectorFromSet(set: Fields): Selector {
  return newSelector(
    Object.keys(set)
      .sort()
      .map((field) => ({ field, operator: '=' as const, value: set[field] ?? '' })),
  );
}

/** Escapes `\`, `,` and `=` so any literal can stand as a selector value (upstream EscapeValue). */
export function escapeValue(value: string): string {
  return value.replace(/[\\,=]/g, (c) => `\\${c}`);
}
