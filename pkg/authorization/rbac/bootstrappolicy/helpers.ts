/**
 * Builders for the bootstrap policy (mirrors pkg/apis/rbac/v1/helpers.go PolicyRuleBuilder and
 * the binding builders): every list is deduplicated and sorted, as upstream's builder leaves it,
 * so the objects compare equal to what an upstream apiserver stores.
 */
import type { ClusterRole, PolicyRule, Role, RoleBinding, Subject } from '../../../apis/rbac/v1/types.js';

export const rbacGroup = 'rbac.authorization.k8s.io';
export const autoUpdateAnnotation = 'rbac.authorization.kubernetes.io/autoupdate';
export const bootstrappingLabel = { 'kubernetes.io/bootstrapping': 'rbac-defaults' };

function sortedSet(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}

export interface RuleSpec {
  groups?: readonly string[];
  resources?: readonly string[];
  names?: readonly string[];
  urls?: readonly string[];
}

/** A resource rule (`groups` and `resources`) or a non-resource one (`urls`), never both. */
export function rule(verbs: readonly string[], spec: RuleSpec): PolicyRule {
  if (verbs.length === 0) throw new Error('verbs are required');
  const out: PolicyRule = { verbs: sortedSet(verbs) };
  if (spec.urls) {
    if (spec.groups || spec.resources || spec.names) {
      throw new Error('non-resource rule may not have apiGroups, resources, or resourceNames');
    }
    out.nonResourceURLs = sortedSet(spec.urls);
    return out;
  }
  if (!spec.resources || spec.resources.length === 0)
    throw new Error('a rule must have either nonResourceURLs or resources');
  if (!spec.groups || spec.groups.length === 0) throw new Error('resource rule must have apiGroups');
  out.apiGroups = sortedSet(spec.groups);
  out.resources = sortedSet(spec.resources);
  if (spec.names && spec.names.length > 0) out.resourceNames = sortedSet(spec.names);
  return out;
}

/** The label and autoupdate annotation every bootstrap object carries (upstream addDefaultMetadata). */
function defaultMetadata(name: string, namespace?: string, labels?: Record<string, string>) {
  const metadata: {
    name: string;
    namespace?: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
  } = {
    name,
    labels: { ...(labels ?? {}), ...bootstrappingLabel },
    annotations: { [autoUpdateAnnotation]: 'true' },
  };
  if (namespace !== undefined) metadata.namespace = namespace;
  return metadata;
}

export function clusterRole(
  name: string,
  rules: PolicyRule[],
  opts: { labels?: Record<string, string>; aggregateLabels?: readonly string[] } = {},
): ClusterRole {
  const role: ClusterRole = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: defaultMetadata(name, undefined, opts.labels),
    rules,
  };
  if (opts.aggregateLabels) {
    role.aggregationRule = {
      clusterRoleSelectors: opts.aggregateLabels.map((label) => ({ matchLabels: { [label]: 'true' } })),
    };
  }
  return role;
}

export function namespacedRole(namespace: string, name: string, rules: PolicyRule[]): Role {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: defaultMetadata(name, namespace),
    rules,
  };
}

export const user = (name: string): Subject => ({ kind: 'User', apiGroup: rbacGroup, name });
export const group = (name: string): Subject => ({ kind: 'Group', apiGroup: rbacGroup, name });
export const serviceAccount = (namespace: string, name: string): Subject => ({
  kind: 'ServiceAccount',
  name,
  namespace,
});

/** A ClusterRoleBinding named like its ClusterRole (upstream NewClusterBinding). */
export function clusterBinding(roleName: string, subjects: Subject[], name = roleName): RoleBinding {
  const binding: RoleBinding = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: defaultMetadata(name),
    roleRef: { apiGroup: rbacGroup, kind: 'ClusterRole', name: roleName },
  };
  if (subjects.length > 0) binding.subjects = subjects;
  return binding;
}

/** A RoleBinding of a Role in `namespace` (upstream NewRoleBinding), optionally named otherwise. */
export function roleBinding(namespace: string, roleName: string, subjects: Subject[], name = roleName): RoleBinding {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: defaultMetadata(name, namespace),
    roleRef: { apiGroup: rbacGroup, kind: 'Role', name: roleName },
    subjects,
  };
}
