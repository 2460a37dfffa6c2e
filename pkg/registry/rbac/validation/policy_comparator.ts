/**
 * Whether one set of RBAC rules covers another (mirrors k8s.io/component-helpers
 * auth/rbac/validation/policy_comparator.go): the covered rules are broken down into atoms of one
 * group, resource, verb and name (or one URL and verb), and each atom must be covered by a single
 * owner rule. The atoms left over are what the owner lacks.
 */
import type { PolicyRule } from '../../../apis/rbac/v1/types.js';

export function covers(
  ownerRules: readonly PolicyRule[],
  servantRules: readonly PolicyRule[],
): { covered: boolean; missing: PolicyRule[] } {
  const missing: PolicyRule[] = [];
  for (const servant of servantRules) {
    for (const atom of breakdownRule(servant)) {
      if (!ownerRules.some((owner) => ruleCovers(owner, atom))) missing.push(atom);
    }
  }
  return { covered: missing.length === 0, missing };
}

/** The rule as atoms of at most one verb, group, resource and resource name (or URL and verb). */
export function breakdownRule(rule: PolicyRule): PolicyRule[] {
  const atoms: PolicyRule[] = [];
  const names = rule.resourceNames ?? [];
  for (const group of rule.apiGroups ?? []) {
    for (const resource of rule.resources ?? []) {
      for (const verb of rule.verbs ?? []) {
        if (names.length > 0) {
          for (const name of names) {
            atoms.push({ apiGroups: [group], resources: [resource], verbs: [verb], resourceNames: [name] });
          }
        } else {
          atoms.push({ apiGroups: [group], resources: [resource], verbs: [verb] });
        }
      }
    }
  }
  for (const url of rule.nonResourceURLs ?? []) {
    for (const verb of rule.verbs ?? []) atoms.push({ nonResourceURLs: [url], verbs: [verb] });
  }
  return atoms;
}

function hasAll(set: readonly string[], wanted: readonly string[]): boolean {
  const owned = new Set(set);
  return wanted.every((w) => owned.has(w));
}

function resourceCoversAll(owner: readonly string[], wanted: readonly string[]): boolean {
  if (owner.includes('*') || hasAll(owner, wanted)) return true;
  for (const path of wanted) {
    if (owner.includes(path)) continue;
    const slash = path.indexOf('/');
    // A plain resource needs an exact match; a subresource is also covered by `*`/<subresource>.
    if (slash < 0 || !owner.includes(`*/${path.slice(slash + 1)}`)) return false;
  }
  return true;
}

function nonResourceURLCovers(ownerPath: string, subPath: string): boolean {
  if (ownerPath === subPath) return true;
  if (!ownerPath.endsWith('*')) return false;
  return subPath.startsWith(ownerPath.replace(/\*+$/, ''));
}

function ruleCovers(owner: PolicyRule, sub: PolicyRule): boolean {
  const ownerVerbs = owner.verbs ?? [];
  const ownerGroups = owner.apiGroups ?? [];
  const ownerNames = owner.resourceNames ?? [];
  const subNames = sub.resourceNames ?? [];
  const verbs = ownerVerbs.includes('*') || hasAll(ownerVerbs, sub.verbs ?? []);
  const groups = ownerGroups.includes('*') || hasAll(ownerGroups, sub.apiGroups ?? []);
  const resources = resourceCoversAll(owner.resources ?? [], sub.resources ?? []);
  const urls = (sub.nonResourceURLs ?? []).every((path) =>
    (owner.nonResourceURLs ?? []).some((ownerPath) => nonResourceURLCovers(ownerPath, path)),
  );
  const names =
    subNames.length === 0 ? ownerNames.length === 0 : ownerNames.length === 0 || hasAll(ownerNames, subNames);
  return verbs && groups && resources && names && urls;
}
