/**
 * Field selectors (mirrors k8s.io/apimachinery/pkg/fields/selector.go): the parsed form of
 * `?fieldSelector=metadata.name=x,status.phase!=Running`. Only equality terms exist.
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
