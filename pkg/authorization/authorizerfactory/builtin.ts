/**
 * The built-in authorizers (mirrors k8s.io/apiserver pkg/authorization/authorizerfactory/builtin.go):
 * AlwaysDeny, and the privileged-group authorizer the apiserver puts first in every chain so that
 * `system:masters` can always act (its loopback identity and the admin kubeconfig are in it).
 */
import { systemPrivilegedGroup } from '../../authentication/user/user.js';
import type { Authorizer } from '../authorizer/interfaces.js';

/**
 * Denies by having no opinion, as upstream's AlwaysDeny does: a later authorizer in a union may
 * still allow, and the request is refused with the reason "Everything is forbidden.".
 */
export const alwaysDenyAuthorizer: Authorizer = {
  authorize: () => ({ decision: 'NoOpinion', reason: 'Everything is forbidden.' }),
  rulesFor: () => ({ resourceRules: [], nonResourceRules: [], incomplete: false }),
};

/** Allows any user in one of `groups`; no opinion about anyone else. */
export function newPrivilegedGroupsAuthorizer(...groups: string[]): Authorizer {
  const privileged = new Set(groups);
  return {
    authorize: (attrs) =>
      attrs.user.groups.some((g) => privileged.has(g))
        ? { decision: 'Allow', reason: '' }
        : { decision: 'NoOpinion', reason: '' },
    // Upstream's privileged-group authorizer is no rule resolver: it adds nothing to rule reviews.
    rulesFor: () => ({ resourceRules: [], nonResourceRules: [], incomplete: false }),
  };
}

/** The authorizer upstream's kube-apiserver always puts first: members of system:masters may do anything. */
export const superuserAuthorizer = newPrivilegedGroupsAuthorizer(systemPrivilegedGroup);
