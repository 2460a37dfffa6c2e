/**
 * Reconciling roles and bindings with the ones a server expects (mirrors
 * pkg/registry/rbac/reconciliation): the bootstrap policy at every start, and `kubectl auth
 * reconcile`. By default missing rules, aggregation selectors and subjects are added and nothing
 * is removed (a union); with `removeExtra` the object is made exactly the expected one. An object
 * annotated `rbac.authorization.kubernetes.io/autoupdate: "false"` is left alone (Protected).
 * These functions decide; the caller does the create/update/delete they ask for.
 */
import { semanticDeepEqual } from '../../../api/validation/equality.js';
import type { LabelSelector } from '../../../apis/meta/v1/validation/validation.js';
import type { ClusterRole, PolicyRule, RoleBinding, Subject } from '../../../apis/rbac/v1/types.js';
import { covers } from '../validation/policy_comparator.js';
import { autoUpdateAnnotation } from '../../../authorization/rbac/bootstrappolicy/helpers.js';

/** Create: absent. Update: changed in place. Recreate: a binding whose roleRef changed (delete, then create). */
export type ReconcileOperation = 'None' | 'Create' | 'Update' | 'Recreate';

export interface ReconcileRoleResult {
  role: ClusterRole;
  missingRules: PolicyRule[];
  extraRules: PolicyRule[];
  missingAggregationRuleSelectors: LabelSelector[];
  extraAggregationRuleSelectors: LabelSelector[];
  operation: ReconcileOperation;
  /** The existing object opts out of reconciliation: the caller must not write. */
  protected: boolean;
}

export interface ReconcileRoleBindingResult {
  roleBinding: RoleBinding;
  missingSubjects: Subject[];
  extraSubjects: Subject[];
  operation: ReconcileOperation;
  protected: boolean;
}

/** What to do about one Role or ClusterRole, `existing` being the stored one if any. */
export function reconcileRole(
  existing: ClusterRole | undefined,
  expected: ClusterRole,
  removeExtraPermissions = false,
): ReconcileRoleResult {
  if (!existing) {
    return {
      role: expected,
      missingRules: expected.rules ?? [],
      extraRules: [],
      missingAggregationRuleSelectors: expected.aggregationRule?.clusterRoleSelectors ?? [],
      extraAggregationRuleSelectors: [],
      operation: 'Create',
      protected: false,
    };
  }
  return computeReconciledRole(existing, expected, removeExtraPermissions);
}

export function computeReconciledRole(
  existing: ClusterRole,
  expected: ClusterRole,
  removeExtraPermissions: boolean,
): ReconcileRoleResult {
  const role: ClusterRole = structuredClone(existing);
  const result: ReconcileRoleResult = {
    role,
    missingRules: [],
    extraRules: [],
    missingAggregationRuleSelectors: [],
    extraAggregationRuleSelectors: [],
    operation: 'None',
    protected: existing.metadata?.annotations?.[autoUpdateAnnotation] === 'false',
  };
  role.metadata = role.metadata ?? {};
  if (mergeMetadata(role.metadata, expected.metadata, existing.metadata)) result.operation = 'Update';

  // Aggregated roles get their rules from the aggregation controller: extra rules are not extra.
  if (!expected.aggregationRule || !existing.aggregationRule) {
    result.extraRules = covers(expected.rules ?? [], existing.rules ?? []).missing;
  }
  result.missingRules = covers(existing.rules ?? [], expected.rules ?? []).missing;
  if (!removeExtraPermissions && result.missingRules.length > 0) {
    role.rules = [...(role.rules ?? []), ...result.missingRules];
    result.operation = 'Update';
  } else if (removeExtraPermissions && (result.missingRules.length > 0 || result.extraRules.length > 0)) {
    role.rules = structuredClone(expected.rules ?? []);
    result.operation = 'Update';
  }

  const existingSelectors = existing.aggregationRule?.clusterRoleSelectors;
  const expectedSelectors = expected.aggregationRule?.clusterRoleSelectors;
  result.extraAggregationRuleSelectors = selectorsNotIn(
    existing.aggregationRule ? (existingSelectors ?? []) : [],
    expectedSelectors ?? [],
  );
  result.missingAggregationRuleSelectors = selectorsNotIn(
    expected.aggregationRule ? (expectedSelectors ?? []) : [],
    existingSelectors ?? [],
  );
  if (!expected.aggregationRule && existing.aggregationRule) {
    delete role.aggregationRule;
    result.operation = 'Update';
  } else if (!removeExtraPermissions && result.missingAggregationRuleSelectors.length > 0) {
    role.aggregationRule = {
      clusterRoleSelectors: [
        ...(role.aggregationRule?.clusterRoleSelectors ?? []),
        ...result.missingAggregationRuleSelectors,
      ],
    };
    result.operation = 'Update';
  } else if (
    removeExtraPermissions &&
    (result.missingAggregationRuleSelectors.length > 0 || result.extraAggregationRuleSelectors.length > 0)
  ) {
    role.aggregationRule = structuredClone(expected.aggregationRule);
    result.operation = 'Update';
  }
  return result;
}

/** What to do about one RoleBinding or ClusterRoleBinding, `existing` being the stored one if any. */
export function reconcileRoleBinding(
  existing: RoleBinding | undefined,
  expected: RoleBinding,
  removeExtraSubjects = false,
): ReconcileRoleBindingResult {
  if (!existing) {
    return {
      roleBinding: expected,
      missingSubjects: expected.subjects ?? [],
      extraSubjects: [],
      operation: 'Create',
      protected: false,
    };
  }
  return computeReconciledRoleBinding(existing, expected, removeExtraSubjects);
}

export function computeReconciledRoleBinding(
  existing: RoleBinding,
  expected: RoleBinding,
  removeExtraSubjects: boolean,
): ReconcileRoleBindingResult {
  const isProtected = existing.metadata?.annotations?.[autoUpdateAnnotation] === 'false';
  // A roleRef cannot change: the binding is replaced.
  if (!sameRoleRef(existing, expected)) {
    return {
      roleBinding: expected,
      missingSubjects: [],
      extraSubjects: [],
      operation: 'Recreate',
      protected: isProtected,
    };
  }
  const binding: RoleBinding = structuredClone(existing);
  const result: ReconcileRoleBindingResult = {
    roleBinding: binding,
    missingSubjects: subjectsNotIn(expected.subjects ?? [], existing.subjects ?? []),
    extraSubjects: subjectsNotIn(existing.subjects ?? [], expected.subjects ?? []),
    operation: 'None',
    protected: isProtected,
  };
  binding.metadata = binding.metadata ?? {};
  if (mergeMetadata(binding.metadata, expected.metadata, existing.metadata)) result.operation = 'Update';
  if (!removeExtraSubjects && result.missingSubjects.length > 0) {
    binding.subjects = [...(binding.subjects ?? []), ...result.missingSubjects];
    result.operation = 'Update';
  } else if (removeExtraSubjects && (result.missingSubjects.length > 0 || result.extraSubjects.length > 0)) {
    binding.subjects = structuredClone(expected.subjects ?? []);
    result.operation = 'Update';
  }
  return result;
}

type Meta = { labels?: Record<string, string>; annotations?: Record<string, string> };

/**
 * Adds the expected labels and annotations the object lacks, keeping its own values where both
 * have a key (upstream merge(expected, existing)); true when anything changed.
 */
function mergeMetadata(target: Meta, expected: Meta | undefined, existing: Meta | undefined): boolean {
  const annotations = { ...(expected?.annotations ?? {}), ...(existing?.annotations ?? {}) };
  const labels = { ...(expected?.labels ?? {}), ...(existing?.labels ?? {}) };
  let changed = false;
  if (!semanticDeepEqual(annotations, existing?.annotations ?? {})) changed = true;
  if (!semanticDeepEqual(labels, existing?.labels ?? {})) changed = true;
  if (Object.keys(annotations).length > 0) target.annotations = annotations;
  if (Object.keys(labels).length > 0) target.labels = labels;
  return changed;
}

function selectorsNotIn(selectors: readonly LabelSelector[], others: readonly LabelSelector[]): LabelSelector[] {
  return selectors.filter((s) => !others.some((o) => semanticDeepEqual(s, o)));
}

function sameSubject(a: Subject, b: Subject): boolean {
  return (
    (a.kind ?? '') === (b.kind ?? '') &&
    (a.apiGroup ?? '') === (b.apiGroup ?? '') &&
    (a.name ?? '') === (b.name ?? '') &&
    (a.namespace ?? '') === (b.namespace ?? '')
  );
}

function subjectsNotIn(subjects: readonly Subject[], others: readonly Subject[]): Subject[] {
  return subjects.filter((s) => !others.some((o) => sameSubject(s, o)));
}

function sameRoleRef(a: RoleBinding, b: RoleBinding): boolean {
  return (
    (a.roleRef?.apiGroup ?? '') === (b.roleRef?.apiGroup ?? '') &&
    (a.roleRef?.kind ?? '') === (b.roleRef?.kind ?? '') &&
    (a.roleRef?.name ?? '') === (b.roleRef?.name ?? '')
  );
}
