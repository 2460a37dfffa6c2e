/**
 * Go `%#v` renderings of a few API structs. Upstream puts these in messages clients see, the best
 * known being the Deployment selector one:
 *   spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"app":"web"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is immutable
 */
import type { LabelSelector } from './validation.js';

function goQuote(s: string): string {
  return JSON.stringify(s);
}

function goStringMap(m: Record<string, string> | undefined): string {
  if (!m) return 'map[string]string(nil)';
  const entries = Object.keys(m)
    .sort()
    .map((k) => `${goQuote(k)}:${goQuote(m[k] ?? '')}`);
  return `map[string]string{${entries.join(', ')}}`;
}

/**
 * A slice of strings (or of a string type such as `core.IPFamily`) as Go's `%#v` prints it:
 * `[]string{"10.96.0.10"}`, `[]string{}` when empty, `[]string(nil)` when absent.
 */
export function goStringSlice(values: readonly string[] | undefined | null, elemType = 'string'): string {
  return values === undefined || values === null
    ? `[]${elemType}(nil)`
    : `[]${elemType}{${values.map(goQuote).join(', ')}}`;
}

/** `v1.LabelSelector{MatchLabels:…, MatchExpressions:…}` as Go prints a metav1.LabelSelector value. */
export function goLabelSelector(sel: LabelSelector | undefined | null): string {
  if (!sel) return 'null';
  const exprs = sel.matchExpressions;
  const exprText =
    exprs === undefined
      ? '[]v1.LabelSelectorRequirement(nil)'
      : `[]v1.LabelSelectorRequirement{${exprs
          .map(
            (e) =>
              `v1.LabelSelectorRequirement{Key:${goQuote(e.key ?? '')}, Operator:${goQuote(e.operator ?? '')}, Values:${goStringSlice(e.values)}}`,
          )
          .join(', ')}}`;
  return `v1.LabelSelector{MatchLabels:${goStringMap(sel.matchLabels)}, MatchExpressions:${exprText}}`;
}
