/**
 * RBAC validation (pkg/apis/rbac/validation/validation.go). Role and binding names only need to
 * be valid path segments, as upstream's minimalNameRequirements.
 */
import { validatePathSegmentName } from '../../../api/validation/path/name.js';
import { nameIsDNSSubdomain } from '../../../api/validation/generic.js';
import { validateLabelSelector } from '../../meta/v1/validation/validation.js';
import { invalid, notSupported, Path, required, type FieldError } from '../../../util/validation/field/errors.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../core/validation/validation.js';
import { invalidStringer } from '../../../util/validation/field/stringer.js';
import { rbacGroupName } from '../v1/defaults.js';
import type { ClusterRole, PolicyRule, Role, RoleBinding, Subject } from '../v1/types.js';

function validatePolicyRule(rule: PolicyRule, namespaced: boolean, fldPath: Path): FieldError[] {
  const errs: FieldError[] = [];
  if ((rule.verbs ?? []).length === 0)
    errs.push(required(String(fldPath.child('verbs')), 'verbs must contain at least one value'));
  const urls = rule.nonResourceURLs ?? [];
  if (urls.length > 0) {
    if (namespaced)
      errs.push(
        invalid(String(fldPath.child('nonResourceURLs')), urls, 'namespaced rules cannot apply to non-resource URLs'),
      );
    if (
      (rule.apiGroups ?? []).length > 0 ||
      (rule.resources ?? []).length > 0 ||
      (rule.resourceNames ?? []).length > 0
    ) {
      errs.push(
        invalid(
          String(fldPath.child('nonResourceURLs')),
          urls,
          'rules cannot apply to both regular resources and non-resource URLs',
        ),
      );
    }
    return errs;
  }
  if ((rule.apiGroups ?? []).length === 0)
    errs.push(required(String(fldPath.child('apiGroups')), 'resource rules must supply at least one api group'));
  if ((rule.resources ?? []).length === 0)
    errs.push(required(String(fldPath.child('resources')), 'resource rules must supply at least one resource'));
  if ((rule.resourceNames ?? []).length > 0 && (rule.resources ?? []).length > 1) {
    errs.push(required(String(fldPath.child('resourceNames')), 'resource names cannot apply to multiple resources'));
  }
  return errs;
}

function validateRules(rules: PolicyRule[] | undefined, namespaced: boolean): FieldError[] {
  return (rules ?? []).flatMap((r, i) => validatePolicyRule(r, namespaced, Path.root('rules').index(i)));
}

export function validateRole(role: Role): FieldError[] {
  return [
    ...validateObjectMeta(role.metadata, true, validatePathSegmentName, Path.root('metadata')),
    ...validateRules(role.rules, true),
  ];
}

export function validateRoleUpdate(role: Role, old: Role): FieldError[] {
  return [...validateRole(role), ...validateObjectMetaUpdate(role.metadata, old.metadata, Path.root('metadata'))];
}

export function validateClusterRole(role: ClusterRole): FieldError[] {
  const errs = [
    ...validateObjectMeta(role.metadata, false, validatePathSegmentName, Path.root('metadata')),
    ...validateRules(role.rules, false),
  ];
  (role.aggregationRule?.clusterRoleSelectors ?? []).forEach((sel, i) => {
    errs.push(...validateLabelSelector(sel, {}, Path.root('aggregationRule').child('clusterRoleSelectors').index(i)));
  });
  return errs;
}

export function validateClusterRoleUpdate(role: ClusterRole, old: ClusterRole): FieldError[] {
  return [
    ...validateClusterRole(role),
    ...validateObjectMetaUpdate(role.metadata, old.metadata, Path.root('metadata')),
  ];
}

function validateSubject(s: Subject, namespaced: boolean, fldPath: Path): FieldError[] {
  const errs: FieldError[] = [];
  const name = s.name ?? '';
  if (!name) errs.push(required(String(fldPath.child('name'))));
  switch (s.kind) {
    case 'ServiceAccount':
      if (name)
        errs.push(...nameIsDNSSubdomain(name, false).map((m) => invalid(String(fldPath.child('name')), name, m)));
      if (s.apiGroup) errs.push(notSupported(String(fldPath.child('apiGroup')), s.apiGroup, ['']));
      if (!namespaced && !s.namespace) errs.push(required(String(fldPath.child('namespace'))));
      break;
    case 'User':
    case 'Group':
      if (!name)
        errs.push(
          invalid(String(fldPath.child('name')), name, `${s.kind === 'User' ? 'user' : 'group'} name cannot be empty`),
        );
      if (s.apiGroup !== rbacGroupName)
        errs.push(notSupported(String(fldPath.child('apiGroup')), s.apiGroup ?? '', [rbacGroupName]));
      break;
    default:
      errs.push(notSupported(String(fldPath.child('kind')), s.kind ?? '', ['ServiceAccount', 'User', 'Group']));
  }
  return errs;
}

function validateBinding(rb: RoleBinding, namespaced: boolean): FieldError[] {
  const errs = validateObjectMeta(rb.metadata, namespaced, validatePathSegmentName, Path.root('metadata'));
  const ref = rb.roleRef ?? {};
  if (ref.apiGroup !== rbacGroupName) errs.push(notSupported('roleRef.apiGroup', ref.apiGroup ?? '', [rbacGroupName]));
  const kinds = namespaced ? ['Role', 'ClusterRole'] : ['ClusterRole'];
  if (!kinds.includes(ref.kind ?? '')) errs.push(notSupported('roleRef.kind', ref.kind ?? '', kinds));
  if (!ref.name) errs.push(required('roleRef.name'));
  else errs.push(...validatePathSegmentName(ref.name, false).map((m) => invalid('roleRef.name', ref.name, m)));
  (rb.subjects ?? []).forEach((s, i) => {
    errs.push(...validateSubject(s, namespaced, Path.root('subjects').index(i)));
  });
  return errs;
}

export function validateRoleBinding(rb: RoleBinding): FieldError[] {
  return validateBinding(rb, true);
}

export function validateClusterRoleBinding(rb: RoleBinding): FieldError[] {
  return validateBinding(rb, false);
}

/** A binding's roleRef never changes: delete and recreate the binding instead. */
function roleRefChanged(rb: RoleBinding, old: RoleBinding): FieldError[] {
  const a = rb.roleRef ?? {};
  const b = old.roleRef ?? {};
  const same =
    (a.apiGroup ?? '') === (b.apiGroup ?? '') && (a.kind ?? '') === (b.kind ?? '') && (a.name ?? '') === (b.name ?? '');
  // Upstream prints the internal RoleRef struct with %#v.
  const text = `rbac.RoleRef{APIGroup:${JSON.stringify(a.apiGroup ?? '')}, Kind:${JSON.stringify(a.kind ?? '')}, Name:${JSON.stringify(a.name ?? '')}}`;
  return same ? [] : [invalidStringer('roleRef', text, 'cannot change roleRef')];
}

export function validateRoleBindingUpdate(rb: RoleBinding, old: RoleBinding): FieldError[] {
  return [
    ...validateRoleBinding(rb),
    ...validateObjectMetaUpdate(rb.metadata, old.metadata, Path.root('metadata')),
    ...roleRefChanged(rb, old),
  ];
}

export function validateClusterRoleBindingUpdate(rb: RoleBinding, old: RoleBinding): FieldError[] {
  return [
    ...validateClusterRoleBinding(rb),
    ...validateObjectMetaUpdate(rb.metadata, old.metadata, Path.root('metadata')),
    ...roleRefChanged(rb, old),
  ];
}
