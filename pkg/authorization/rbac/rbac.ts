/**
 * The RBAC authorizer (mirrors plugin/pkg/auth/authorizer/rbac/rbac.go): a request is allowed when
 * a rule of a role bound to the user (by name, group or service account) allows it; otherwise it
 * has no opinion, with the resolution errors as its reason.
 *
 * Decisions read a per-user cache of the grants that apply to (user, groups, namespace), built
 * from the subject index of the PolicyIndex, and within it the decisions already taken for the same
 * verb, group, resource and name; all of it is dropped whenever any RBAC object changes. A repeated
 * request costs two map lookups, a new one the user's own rules, whatever the number of bindings.
 */
import type { UserInfo } from '../../authentication/user/user.js';
import type { PolicyRule } from '../../apis/rbac/v1/types.js';
import type {
  Attributes,
  Authorizer,
  AuthorizerResult,
  NonResourceRule,
  ResourceRule,
  RulesResult,
} from '../authorizer/interfaces.js';
import { aggregateErrors } from '../union/union.js';
import type { Grant, PolicyIndex, ResolvedGrants } from './policyindex.js';
import { ruleAllows } from './rule.js';

/** Distinct (user, groups, namespace) entries kept before the cache starts over. */
const maxCachedUsers = 10_000;
/** Distinct requests remembered per cache entry before its decisions start over. */
const maxCachedDecisions = 1_000;

interface CacheEntry {
  resolved: ResolvedGrants;
  decisions: Map<string, AuthorizerResult>;
}

export class RBACAuthorizer implements Authorizer {
  private readonly cache = new Map<string, CacheEntry>();

  constructor(private readonly index: PolicyIndex) {
    index.onChange(() => this.cache.clear());
  }

  authorize(attrs: Attributes): AuthorizerResult {
    const entry = this.entryFor(attrs.user, attrs.namespace ?? '');
    const key = attrs.isResourceRequest
      ? `r\u0000${attrs.verb}\u0000${attrs.apiGroup ?? ''}\u0000${attrs.resource ?? ''}\u0000${attrs.subresource ?? ''}\u0000${attrs.name ?? ''}`
      : `n\u0000${attrs.verb}\u0000${attrs.path ?? ''}`;
    let result = entry.decisions.get(key);
    if (!result) {
      // frozen: the same object answers every repeat of this request
      result = Object.freeze(evaluate(entry.resolved, attrs));
      if (entry.decisions.size >= maxCachedDecisions) entry.decisions.clear();
      entry.decisions.set(key, result);
    }
    return result;
  }

  rulesFor(user: UserInfo, namespace: string): RulesResult {
    const resolved = this.entryFor(user, namespace).resolved;
    const resourceRules: ResourceRule[] = [];
    const nonResourceRules: NonResourceRule[] = [];
    for (const grant of resolved.grants) {
      for (const rule of grant.rules) {
        if ((rule.resources ?? []).length > 0) resourceRules.push(toResourceRule(rule));
        if ((rule.nonResourceURLs ?? []).length > 0) {
          nonResourceRules.push({ verbs: [...(rule.verbs ?? [])], nonResourceURLs: [...(rule.nonResourceURLs ?? [])] });
        }
      }
    }
    const out: RulesResult = { resourceRules, nonResourceRules, incomplete: false };
    if (resolved.errors.length > 0) out.evaluationError = aggregateErrors(resolved.errors);
    return out;
  }

  private entryFor(user: UserInfo, namespace: string): CacheEntry {
    const key = `${namespace}\u0000${user.name}\u0000${user.groups.join('\u0000')}`;
    let entry = this.cache.get(key);
    if (!entry) {
      entry = { resolved: this.index.resolve(user, namespace), decisions: new Map() };
      if (this.cache.size >= maxCachedUsers) this.cache.clear();
      this.cache.set(key, entry);
    }
    return entry;
  }
}

/** The first rule of the user's grants that allows the request, upstream's visiting order. */
function evaluate(resolved: ResolvedGrants, attrs: Attributes): AuthorizerResult {
  for (const grant of resolved.grants) {
    for (const rule of grant.rules) {
      if (ruleAllows(attrs, rule)) return { decision: 'Allow', reason: `RBAC: allowed by ${describeGrant(grant)}` };
    }
  }
  const reason = resolved.errors.length > 0 ? `RBAC: ${aggregateErrors(resolved.errors)}` : '';
  return { decision: 'NoOpinion', reason };
}

function toResourceRule(rule: PolicyRule): ResourceRule {
  const out: ResourceRule = { verbs: [...(rule.verbs ?? [])] };
  if ((rule.apiGroups ?? []).length > 0) out.apiGroups = [...(rule.apiGroups ?? [])];
  out.resources = [...(rule.resources ?? [])];
  if ((rule.resourceNames ?? []).length > 0) out.resourceNames = [...(rule.resourceNames ?? [])];
  return out;
}

/**
 * Where an allow came from, as upstream's describers print it:
 *   ClusterRoleBinding "cluster-admin" of ClusterRole "cluster-admin" to Group "system:masters"
 *   RoleBinding "b/ns" of Role "r" to ServiceAccount "sa/ns"
 */
export function describeGrant(grant: Grant): string {
  const { binding, subject } = grant;
  const roleKind = binding.roleRef?.kind ?? '';
  const roleName = JSON.stringify(binding.roleRef?.name ?? '');
  const name = binding.metadata?.name ?? '';
  const namespace = grant.clusterScoped ? '' : (binding.metadata?.namespace ?? '');
  const who = describeSubject(subject.kind ?? '', subject.name ?? '', subject.namespace || namespace);
  if (grant.clusterScoped) return `ClusterRoleBinding ${JSON.stringify(name)} of ${roleKind} ${roleName} to ${who}`;
  return `RoleBinding ${JSON.stringify(`${name}/${namespace}`)} of ${roleKind} ${roleName} to ${who}`;
}

function describeSubject(kind: string, name: string, namespace: string): string {
  if (kind === 'ServiceAccount') return `${kind} ${JSON.stringify(`${name}/${namespace}`)}`;
  return `${kind} ${JSON.stringify(name)}`;
}
