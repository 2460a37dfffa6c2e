/**
 * Does one RBAC rule allow a request? (mirrors plugin/pkg/auth/authorizer/rbac/rbac.go RuleAllows
 * and pkg/apis/rbac/v1/evaluation_helpers.go): verbs, API groups, resources with `*` and
 * `*`-slash-subresource (any resource's scale, say), resource names, and non-resource URLs with a
 * trailing `*`.
 */
import type { PolicyRule } from '../../apis/rbac/v1/types.js';
import type { Attributes } from '../authorizer/interfaces.js';

export const verbAll = '*';
export const apiGroupAll = '*';
export const resourceAll = '*';
export const nonResourceAll = '*';

export function verbMatches(rule: PolicyRule, verb: string): boolean {
  return (rule.verbs ?? []).some((v) => v === verbAll || v === verb);
}

export function apiGroupMatches(rule: PolicyRule, group: string): boolean {
  return (rule.apiGroups ?? []).some((g) => g === apiGroupAll || g === group);
}

/**
 * `combined` is `resource` or `resource/subresource`. A rule resource `*` matches everything, an
 * exact one itself, and star-slash-scale the scale subresource of anything.
 */
export function resourceMatches(rule: PolicyRule, combined: string, subresource: string): boolean {
  for (const r of rule.resources ?? []) {
    if (r === resourceAll || r === combined) return true;
    if (subresource !== '' && r.length === subresource.length + 2 && r.startsWith('*/') && r.endsWith(subresource)) {
      return true;
    }
  }
  return false;
}

/** No resourceNames: every name (including none, as for list and create). */
export function resourceNameMatches(rule: PolicyRule, name: string): boolean {
  const names = rule.resourceNames ?? [];
  return names.length === 0 || names.includes(name);
}

/** A rule URL `*` matches every path; `/apis/*` every path starting with `/apis/`. */
export function nonResourceURLMatches(rule: PolicyRule, path: string): boolean {
  for (const url of rule.nonResourceURLs ?? []) {
    if (url === nonResourceAll || url === path) return true;
    if (url.endsWith('*') && path.startsWith(trimRightStars(url))) return true;
  }
  return false;
}

export function ruleAllows(attrs: Attributes, rule: PolicyRule): boolean {
  if (!verbMatches(rule, attrs.verb)) return false;
  if (!attrs.isResourceRequest) return nonResourceURLMatches(rule, attrs.path ?? '');
  const subresource = attrs.subresource ?? '';
  const resource = attrs.resource ?? '';
  const combined = subresource === '' ? resource : `${resource}/${subresource}`;
  return (
    apiGroupMatches(rule, attrs.apiGroup ?? '') &&
    resourceMatches(rule, combined, subresource) &&
    resourceNameMatches(rule, attrs.name ?? '')
  );
}

/** Go's strings.TrimRight(s, "*"): every trailing star goes. */
function trimRightStars(s: string): string {
  let end = s.length;
  while (end > 0 && s[end - 1] === '*') end--;
  return s.slice(0, end);
}
