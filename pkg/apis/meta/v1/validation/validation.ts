/**
 * meta/v1 validation (k8s.io/apimachinery/pkg/apis/meta/v1/validation): labels, label selectors
 * and the other metav1 shapes embedded in many kinds.
 */
import { forbidden, invalid, required, type FieldError, type Path } from '../../../../util/validation/field/errors.js';
import { isQualifiedName, isValidLabelValue } from '../../../../util/validation/validation.js';

export interface LabelSelectorRequirement {
  key: string;
  operator: string;
  values?: string[];
}

/** meta/v1 LabelSelector: matchLabels AND every matchExpression. An empty selector matches everything. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: LabelSelectorRequirement[];
}

export function validateLabelName(name: string, fldPath: Path): FieldError[] {
  return isQualifiedName(name).map((msg) => invalid(String(fldPath), name, msg));
}

/** Label keys are qualified names, values label values; errors sit at `fldPath` itself, as upstream. */
export function validateLabels(labels: Record<string, string> | undefined, fldPath: Path): FieldError[] {
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels ?? {})) {
    errs.push(...validateLabelName(k, fldPath));
    for (const msg of isValidLabelValue(v)) errs.push(invalid(String(fldPath), v, msg));
  }
  return errs;
}

export interface LabelSelectorValidationOptions {
  /** Tolerate values that are not label values (objects stored before the check existed). */
  allowInvalidLabelValueInSelector?: boolean;
}

export function validateLabelSelectorRequirement(
  req: LabelSelectorRequirement,
  opts: LabelSelectorValidationOptions,
  fldPath: Path,
): FieldError[] {
  const errs: FieldError[] = [];
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0)
        errs.push(required(String(fldPath.child('values')), "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0)
        errs.push(
          forbidden(
            String(fldPath.child('values')),
            "may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
          ),
        );
      break;
    default:
      errs.push(invalid(String(fldPath.child('operator')), req.operator ?? '', 'not a valid selector operator'));
  }
  errs.push(...validateLabelName(req.key ?? '', fldPath.child('key')));
  if (!opts.allowInvalidLabelValueInSelector) {
    values.forEach((v, i) => {
      for (const msg of isValidLabelValue(v)) errs.push(invalid(String(fldPath.child('values').index(i)), v, msg));
    });
  }
  return errs;
}

export function validateLabelSelector(
  sel: LabelSelector | undefined | null,
  opts: LabelSelectorValidationOptions,
  fldPath: Path,
): FieldError[] {
  if (!sel) return [];
  const errs = validateLabels(sel.matchLabels, fldPath.child('matchLabels'));
  (sel.matchExpressions ?? []).forEach((expr, i) => {
    errs.push(...validateLabelSelectorRequirement(expr, opts, fldPath.child('matchExpressions').index(i)));
  });
  return errs;
}

/** True when the selector has no requirement at all (it would select everything). */
export function labelSelectorIsEmpty(sel: LabelSelector | undefined | null): boolean {
  return !sel || (Object.keys(sel.matchLabels ?? {}).length === 0 && (sel.matchExpressions ?? []).length === 0);
}

/**
 * Whether `labels` satisfy `sel` (metav1.LabelSelectorAsSelector + Matches). An undefined
 * selector matches nothing, an empty one everything, as upstream.
 */
export function labelSelectorMatches(
  sel: LabelSelector | undefined | null,
  labels: Record<string, string> | undefined,
): boolean {
  if (!sel) return false;
  const set = labels ?? {};
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (set[k] !== v) return false;
  for (const expr of sel.matchExpressions ?? []) {
    const has = Object.hasOwn(set, expr.key);
    const value = set[expr.key];
    const values = expr.values ?? [];
    switch (expr.operator) {
      case 'In':
        if (!has || !values.includes(value ?? '')) return false;
        break;
      case 'NotIn':
        if (has && values.includes(value ?? '')) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}

/**
 * The selector as labels.Selector.String() prints it: requirements sorted by key, `k=v`,
 * `k in (a,b)`, `k notin (a,b)`, `k`, `!k`, joined by commas; '' for an empty selector. This is
 * the form of autoscaling/v1 Scale status.selector.
 */
export function labelSelectorAsString(sel: LabelSelector | undefined | null): string {
  const reqs: { key: string; text: string }[] = [];
  for (const [k, v] of Object.entries(sel?.matchLabels ?? {})) reqs.push({ key: k, text: `${k}=${v}` });
  for (const e of sel?.matchExpressions ?? []) {
    const vals = [...new Set(e.values ?? [])].sort().join(',');
    const text =
      e.operator === 'In'
        ? `${e.key} in (${vals})`
        : e.operator === 'NotIn'
          ? `${e.key} notin (${vals})`
          : e.operator === 'Exists'
            ? e.key
            : `!${e.key}`;
    reqs.push({ key: e.key, text });
  }
  return reqs
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((r) => r.text)
    .join(',');
}

/** metav1.FormatLabelSelector: like labelSelectorAsString, but `<none>` when empty (kubectl's SELECTOR column). */
export function formatLabelSelector(sel: LabelSelector | undefined | null): string {
  const s = labelSelectorAsString(sel);
  return s === '' ? '<none>' : s;
}
