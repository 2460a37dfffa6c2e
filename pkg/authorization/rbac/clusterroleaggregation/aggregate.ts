/**
 * Aggregated ClusterRoles (mirrors pkg/controller/clusterroleaggregation): a ClusterRole with an
 * aggregationRule gets, as its rules, the union of the rules of every other ClusterRole its
 * selectors match, in selector order, each selector's roles by name, duplicates dropped. The
 * controller that keeps them current calls `pendingAggregations` on every ClusterRole change and
 * writes what it returns.
 */
import { semanticDeepEqual } from '../../../api/validation/equality.js';
import { labelSelectorMatches } from '../../../apis/meta/v1/validation/validation.js';
import type { ClusterRole, PolicyRule } from '../../../apis/rbac/v1/types.js';

/** The rules `role` should have given `all` ClusterRoles; undefined when it does not aggregate. */
export function aggregatedRules(role: ClusterRole, all: readonly ClusterRole[]): PolicyRule[] | undefined {
  const selectors = role.aggregationRule?.clusterRoleSelectors;
  if (!role.aggregationRule) return undefined;
  const name = role.metadata?.name ?? '';
  const byName = [...all].sort((a, b) => compare(a.metadata?.name ?? '', b.metadata?.name ?? ''));
  const rules: PolicyRule[] = [];
  for (const selector of selectors ?? []) {
    for (const other of byName) {
      if ((other.metadata?.name ?? '') === name) continue;
      if (!labelSelectorMatches(selector, other.metadata?.labels)) continue;
      for (const rule of other.rules ?? []) {
        if (!rules.some((r) => semanticDeepEqual(r, rule))) rules.push(rule);
      }
    }
  }
  return rules;
}

/** Every aggregating ClusterRole whose stored rules differ from what aggregation gives, with its new rules. */
export function pendingAggregations(all: readonly ClusterRole[]): { name: string; rules: PolicyRule[] }[] {
  const out: { name: string; rules: PolicyRule[] }[] = [];
  for (const role of all) {
    const rules = aggregatedRules(role, all);
    if (rules === undefined || semanticDeepEqual(rules, role.rules ?? [])) continue;
    out.push({ name: role.metadata?.name ?? '', rules });
  }
  return out;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
