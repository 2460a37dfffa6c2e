/**
 * Folding atoms back together for messages (mirrors pkg/registry/rbac/validation/policy_compact.go):
 * rules of one API group and one resource, with verbs and nothing else, merge their verbs.
 */
import type { PolicyRule } from '../../../apis/rbac/v1/types.js';

export function compactRules(rules: readonly PolicyRule[]): PolicyRule[] {
  const compacted: PolicyRule[] = [];
  const simple = new Map<string, PolicyRule>();
  for (const rule of rules) {
    const key = simpleResourceKey(rule);
    if (key === undefined) {
      compacted.push(rule);
      continue;
    }
    const existing = simple.get(key);
    if (existing) existing.verbs = [...(existing.verbs ?? []), ...(rule.verbs ?? [])];
    else
      simple.set(key, {
        apiGroups: [...(rule.apiGroups ?? [])],
        resources: [...(rule.resources ?? [])],
        verbs: [...(rule.verbs ?? [])],
      });
  }
  compacted.push(...simple.values());
  return compacted;
}

/** `group\0resource` for a rule with exactly one group and resource, verbs, and nothing else. */
function simpleResourceKey(rule: PolicyRule): string | undefined {
  if (rule.resourceNames !== undefined || rule.nonResourceURLs !== undefined) return undefined;
  const [group] = rule.apiGroups ?? [];
  const [resource] = rule.resources ?? [];
  if (rule.apiGroups?.length !== 1 || rule.resources?.length !== 1) return undefined;
  return `${group}\u0000${resource}`;
}
