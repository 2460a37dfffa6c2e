/**
 * Label selectors (mirrors k8s.io/apimachinery/pkg/labels/selector.go): the parsed form of
 * `?labelSelector=app=web,tier in (fe,be),!canary` that list, watch and deletecollection filter by.
 */

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
