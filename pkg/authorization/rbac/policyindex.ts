/**
 * The RBAC policy the authorizer evaluates: every Role, ClusterRole, RoleBinding and
 * ClusterRoleBinding, kept in memory and fed by upsert/delete events (the wiring feeds it from a
 * storage watch, as upstream's authorizer reads informer listers). Bindings are indexed by subject
 * (user name, group name, service-account user name), so finding the bindings of one user reads
 * only those, never every binding.
 *
 * Resolution mirrors pkg/registry/rbac/validation/rule.go DefaultRuleResolver: cluster role
 * bindings first, then the role bindings of the request's namespace; a binding whose role is
 * missing contributes an error (upstream's lister NotFound wording) and no rules.
 */
import { serviceAccountUsername } from '../../authentication/serviceaccount/util.js';
import type { UserInfo } from '../../authentication/user/user.js';
import type { ClusterRole, PolicyRule, Role, RoleBinding, RoleRef, Subject } from '../../apis/rbac/v1/types.js';

export type RBACKind = 'Role' | 'ClusterRole' | 'RoleBinding' | 'ClusterRoleBinding';

/** What one binding grants one user: the binding, the first of its subjects that matched, the role's rules. */
export interface Grant {
  binding: RoleBinding;
  clusterScoped: boolean;
  subject: Subject;
  rules: readonly PolicyRule[];
}

/** The grants that apply to a user in a namespace, and the problems met resolving them. */
export interface ResolvedGrants {
  grants: Grant[];
  errors: string[];
}

interface NamespacedBindings {
  byName: Map<string, RoleBinding>;
  bySubject: Map<string, Set<string>>;
}

export class PolicyIndex {
  private readonly clusterRoles = new Map<string, ClusterRole>();
  /** namespace → name → Role */
  private readonly roles = new Map<string, Map<string, Role>>();
  private readonly clusterBindings: NamespacedBindings = { byName: new Map(), bySubject: new Map() };
  /** namespace → bindings */
  private readonly roleBindings = new Map<string, NamespacedBindings>();
  private generation = 0;
  private readonly listeners: (() => void)[] = [];

  /** Counts changes: anything cached from an older generation is stale. */
  get version(): number {
    return this.generation;
  }

  /** Calls `listener` after every change (the authorizer drops its cache). */
  onChange(listener: () => void): void {
    this.listeners.push(listener);
  }

  /** An object of `kind` was created or changed (a watch ADDED or MODIFIED event). */
  upsert(kind: RBACKind, obj: Role | ClusterRole | RoleBinding): void {
    const name = obj.metadata?.name ?? '';
    const namespace = obj.metadata?.namespace ?? '';
    switch (kind) {
      case 'ClusterRole':
        this.clusterRoles.set(name, obj);
        break;
      case 'Role':
        mapOf(this.roles, namespace).set(name, obj);
        break;
      case 'ClusterRoleBinding':
        putBinding(this.clusterBindings, obj, '');
        break;
      case 'RoleBinding':
        putBinding(bindingsOf(this.roleBindings, namespace), obj, namespace);
        break;
    }
    this.changed();
  }

  /** An object of `kind` was deleted (a watch DELETED event); unknown objects are ignored. */
  delete(kind: RBACKind, obj: Role | ClusterRole | RoleBinding): void {
    const name = obj.metadata?.name ?? '';
    const namespace = obj.metadata?.namespace ?? '';
    switch (kind) {
      case 'ClusterRole':
        this.clusterRoles.delete(name);
        break;
      case 'Role':
        this.roles.get(namespace)?.delete(name);
        break;
      case 'ClusterRoleBinding':
        removeBinding(this.clusterBindings, name);
        break;
      case 'RoleBinding': {
        const bindings = this.roleBindings.get(namespace);
        if (bindings) removeBinding(bindings, name);
        break;
      }
    }
    this.changed();
  }

  /** Replaces every object of `kind` (an initial list, or a relist after a broken watch). */
  replace(kind: RBACKind, objs: readonly (Role | ClusterRole | RoleBinding)[]): void {
    switch (kind) {
      case 'ClusterRole':
        this.clusterRoles.clear();
        break;
      case 'Role':
        this.roles.clear();
        break;
      case 'ClusterRoleBinding':
        this.clusterBindings.byName.clear();
        this.clusterBindings.bySubject.clear();
        break;
      case 'RoleBinding':
        this.roleBindings.clear();
        break;
    }
    for (const obj of objs) this.upsert(kind, obj);
    this.changed();
  }

  getClusterRole(name: string): ClusterRole | undefined {
    return this.clusterRoles.get(name);
  }

  getRole(namespace: string, name: string): Role | undefined {
    return this.roles.get(namespace)?.get(name);
  }

  listClusterRoles(): ClusterRole[] {
    return [...this.clusterRoles.values()];
  }

  /**
   * The rules a binding's roleRef points at (upstream GetRoleReferenceRules): throws, with
   * upstream's wording, when the role does not exist or the kind is neither Role nor ClusterRole.
   */
  getRoleReferenceRules(roleRef: RoleRef, bindingNamespace: string): readonly PolicyRule[] {
    const name = roleRef.name ?? '';
    switch (roleRef.kind) {
      case 'Role': {
        const role = this.getRole(bindingNamespace, name);
        if (!role) throw new Error(`role.rbac.authorization.k8s.io ${JSON.stringify(name)} not found`);
        return role.rules ?? [];
      }
      case 'ClusterRole': {
        const role = this.getClusterRole(name);
        if (!role) throw new Error(`clusterrole.rbac.authorization.k8s.io ${JSON.stringify(name)} not found`);
        return role.rules ?? [];
      }
      default:
        throw new Error(`unsupported role reference kind: ${JSON.stringify(roleRef.kind ?? '')}`);
    }
  }

  /**
   * The grants that apply to `user` in `namespace` ('' for cluster scope: cluster role bindings
   * only), in upstream's order: cluster role bindings, then the namespace's role bindings.
   */
  resolve(user: UserInfo, namespace: string): ResolvedGrants {
    const out: ResolvedGrants = { grants: [], errors: [] };
    this.collect(out, this.clusterBindings, user, '', true);
    if (namespace !== '') {
      const bindings = this.roleBindings.get(namespace);
      if (bindings) this.collect(out, bindings, user, namespace, false);
    }
    return out;
  }

  /** Every rule that applies to `user` in `namespace`, and the resolution errors (upstream RulesFor). */
  rulesFor(user: UserInfo, namespace: string): { rules: PolicyRule[]; errors: string[] } {
    const { grants, errors } = this.resolve(user, namespace);
    return { rules: grants.flatMap((g) => g.rules), errors };
  }

  private collect(
    out: ResolvedGrants,
    bindings: NamespacedBindings,
    user: UserInfo,
    namespace: string,
    clusterScoped: boolean,
  ): void {
    const names = new Set<string>();
    for (const key of subjectKeysOfUser(user)) {
      for (const name of bindings.bySubject.get(key) ?? []) names.add(name);
    }
    // Sorted by name so that the "allowed by" reason does not depend on the order of events.
    for (const name of [...names].sort()) {
      const binding = bindings.byName.get(name);
      if (!binding) continue;
      const subject = (binding.subjects ?? []).find((s) => appliesToUser(user, s, namespace));
      if (!subject) continue;
      try {
        const rules = this.getRoleReferenceRules(binding.roleRef ?? {}, namespace);
        out.grants.push({ binding, clusterScoped, subject, rules });
      } catch (err) {
        out.errors.push(err instanceof Error ? err.message : String(err));
      }
    }
  }

  private changed(): void {
    this.generation++;
    for (const listener of this.listeners) listener();
  }
}

/**
 * Whether a binding subject names this user (upstream appliesToUser): a User by name, a Group by
 * membership, a ServiceAccount by its user name, its namespace defaulting to the binding's.
 */
export function appliesToUser(user: UserInfo, subject: Subject, bindingNamespace: string): boolean {
  switch (subject.kind) {
    case 'User':
      return user.name === subject.name;
    case 'Group':
      return user.groups.includes(subject.name ?? '');
    case 'ServiceAccount': {
      const namespace = subject.namespace || bindingNamespace;
      if (namespace === '') return false;
      return user.name === serviceAccountUsername(namespace, subject.name ?? '');
    }
    default:
      return false;
  }
}

/** The index keys a subject is filed under; none for subjects that can never apply. */
function subjectKeys(subject: Subject, bindingNamespace: string): string[] {
  switch (subject.kind) {
    case 'User':
      return [`u:${subject.name ?? ''}`];
    case 'Group':
      return [`g:${subject.name ?? ''}`];
    case 'ServiceAccount': {
      const namespace = subject.namespace || bindingNamespace;
      return namespace === '' ? [] : [`u:${serviceAccountUsername(namespace, subject.name ?? '')}`];
    }
    default:
      return [];
  }
}

function subjectKeysOfUser(user: UserInfo): string[] {
  return [`u:${user.name}`, ...user.groups.map((g) => `g:${g}`)];
}

function putBinding(bindings: NamespacedBindings, binding: RoleBinding, namespace: string): void {
  const name = binding.metadata?.name ?? '';
  removeBinding(bindings, name);
  bindings.byName.set(name, binding);
  for (const subject of binding.subjects ?? []) {
    for (const key of subjectKeys(subject, namespace)) {
      let names = bindings.bySubject.get(key);
      if (!names) {
        names = new Set();
        bindings.bySubject.set(key, names);
      }
      names.add(name);
    }
  }
}

function removeBinding(bindings: NamespacedBindings, name: string): void {
  const old = bindings.byName.get(name);
  if (!old) return;
  bindings.byName.delete(name);
  const namespace = old.metadata?.namespace ?? '';
  for (const subject of old.subjects ?? []) {
    for (const key of subjectKeys(subject, namespace)) {
      const names = bindings.bySubject.get(key);
      names?.delete(name);
      if (names?.size === 0) bindings.bySubject.delete(key);
    }
  }
}

function mapOf<V>(outer: Map<string, Map<string, V>>, key: string): Map<string, V> {
  let inner = outer.get(key);
  if (!inner) {
    inner = new Map();
    outer.set(key, inner);
  }
  return inner;
}

function bindingsOf(outer: Map<string, NamespacedBindings>, namespace: string): NamespacedBindings {
  let inner = outer.get(namespace);
  if (!inner) {
    inner = { byName: new Map(), bySubject: new Map() };
    outer.set(namespace, inner);
  }
  return inner;
}
