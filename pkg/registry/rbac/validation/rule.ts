/**
 * Escalation prevention (mirrors pkg/registry/rbac/validation/rule.go ConfirmNoEscalation): a user
 * may only put into a role, or bind, permissions they hold themselves in that namespace. The
 * refusal lists what is missing, compacted, one rule a line, in upstream's format:
 *   user "alice" (groups=["system:authenticated"]) is attempting to grant RBAC permissions not currently held:
 *   {APIGroups:[""], Resources:["secrets"], Verbs:["get" "list"]}
 */
import type { UserInfo } from '../../../authentication/user/user.js';
import type { PolicyRule, RoleRef } from '../../../apis/rbac/v1/types.js';
import { aggregateErrors } from '../../../authorization/union/union.js';
import { compactRules } from './policy_compact.js';
import { covers } from './policy_comparator.js';

/** The rules the authorizer resolves (the RBAC PolicyIndex implements it). */
export interface AuthorizationRuleResolver {
  /** Every rule that applies to `user` in `namespace` ('' for cluster scope), and resolution errors. */
  rulesFor(user: UserInfo, namespace: string): { rules: PolicyRule[]; errors: string[] };
  /** The rules a roleRef points at; throws (upstream's NotFound wording) when the role is missing. */
  getRoleReferenceRules(roleRef: RoleRef, bindingNamespace: string): readonly PolicyRule[];
}

/** Go's %q of a []string: `["a" "b"]`. */
export function goQuoteList(values: readonly string[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(' ')}]`;
}

/** A rule as escalation messages print it (upstream rbacv1helpers.CompactString). */
export function compactString(rule: PolicyRule): string {
  const parts: string[] = [];
  if ((rule.apiGroups ?? []).length > 0) parts.push(`APIGroups:${goQuoteList(rule.apiGroups ?? [])}`);
  if ((rule.resources ?? []).length > 0) parts.push(`Resources:${goQuoteList(rule.resources ?? [])}`);
  if ((rule.nonResourceURLs ?? []).length > 0) parts.push(`NonResourceURLs:${goQuoteList(rule.nonResourceURLs ?? [])}`);
  if ((rule.resourceNames ?? []).length > 0) parts.push(`ResourceNames:${goQuoteList(rule.resourceNames ?? [])}`);
  if ((rule.verbs ?? []).length > 0) parts.push(`Verbs:${goQuoteList(rule.verbs ?? [])}`);
  return `{${parts.join(', ')}}`;
}

/**
 * Undefined when `user`'s rules in `namespace` cover `rules`; otherwise upstream's message naming
 * what is missing (and the resolution errors, which may be why).
 */
export function confirmNoEscalation(
  resolver: AuthorizationRuleResolver,
  user: UserInfo,
  namespace: string,
  rules: readonly PolicyRule[],
): string | undefined {
  const owner = resolver.rulesFor(user, namespace);
  const { covered, missing } = covers(owner.rules, rules);
  if (covered) return undefined;
  const descriptions = [...new Set(compactRules(missing).map(compactString))].sort();
  let msg = `user ${JSON.stringify(user.name)} (groups=${goQuoteList(user.groups)}) is attempting to grant RBAC permissions not currently held:\n${descriptions.join('\n')}`;
  if (owner.errors.length > 0) msg += `; resolution errors: [${aggregateErrors(owner.errors)}]`;
  return msg;
}
