/**
 * Selection predicates (mirrors k8s.io/apiserver/pkg/storage SelectionPredicate and the default
 * attr funcs): which objects a list, watch or deletecollection selects, from its label and field
 * selectors and the resource's selectable fields.
 */
import { validateNamespaceName } from '../../../api/validation/generic.js';
import type { KubeObject } from '../../../apis/meta/v1/types.js';
import { checkFieldLabels } from '../../../fields/parse.js';
import { everything as everyField, type Fields, type Selector as FieldSelector } from '../../../fields/selector.js';
import { everything as everyLabel, type Selector as LabelSelector, SelectorError } from '../../../labels/selector.js';
import { newBadRequest } from '../../../api/errors/errors.js';
import { asStored } from './store-core.js';

export interface SelectableFieldsSpec<T extends KubeObject = KubeObject> {
  namespaced: boolean;
  /** Extra field labels and how to read them; undefined: only upstream's defaults. */
  selectableFields?: Record<string, (obj: T) => string>;
}

/** The field labels a resource accepts in selectors, or undefined for upstream's default (name, namespace). */
export function supportedFieldLabels(spec: {
  namespaced: boolean;
  selectableFields?: Record<string, unknown>;
}): string[] | undefined {
  if (!spec.selectableFields) return undefined;
  const base = spec.namespaced ? ['metadata.name', 'metadata.namespace'] : ['metadata.name'];
  return [...base, ...Object.keys(spec.selectableFields)];
}

/** An object's selectable fields (upstream DefaultNamespaceScopedAttr / DefaultClusterScopedAttr plus the resource's own). */
export function objectFields<T extends KubeObject>(obj: T, spec: SelectableFieldsSpec<T>): Fields {
  const fields: Record<string, string> = { 'metadata.name': obj.metadata.name ?? '' };
  if (spec.namespaced) fields['metadata.namespace'] = obj.metadata.namespace ?? '';
  for (const [label, read] of Object.entries(spec.selectableFields ?? {})) fields[label] = read(obj);
  return fields;
}

export interface SelectionPredicate {
  /** Nothing to filter: every object matches. */
  readonly empty: boolean;
  matches(obj: KubeObject): boolean;
  /** The one name a `metadata.name=` term pins, if any. */
  matchesSingleName(): string | undefined;
  /** The one valid namespace a `metadata.namespace=` term pins, if any (narrows an all-namespaces request). */
  matchesSingleNamespace(): string | undefined;
}

/** Builds the predicate; an unsupported field label fails here with 400 BadRequest. */
export function newPredicate<T extends KubeObject>(
  labels: LabelSelector | undefined,
  fields: FieldSelector | undefined,
  spec: SelectableFieldsSpec<T>,
): SelectionPredicate {
  const label = labels ?? everyLabel();
  const field = fields ?? everyField();
  try {
    checkFieldLabels(field, supportedFieldLabels(spec));
  } catch (err) {
    if (err instanceof SelectorError) throw newBadRequest(err.message);
    throw err;
  }
  const empty = label.empty() && field.empty();
  return {
    empty,
    matches: (obj) =>
      empty || (label.matches(obj.metadata.labels ?? {}) && field.matches(objectFields(asStored<T>(obj), spec))),
    matchesSingleName: () => field.requiresExactMatch('metadata.name'),
    matchesSingleNamespace() {
      const ns = field.requiresExactMatch('metadata.namespace');
      return ns !== undefined && validateNamespaceName(ns, false).length === 0 ? ns : undefined;
    },
  };
}
