/**
 * Authorization (mirrors apiserver's authorization/authorizer): a decision about one request's
 * attributes. Until RBAC exists the apiserver runs AlwaysAllow, which every authenticated user
 * gets; the self reviews answer from whatever authorizer is configured, so they stay true when
 * RBAC arrives.
 */
import type { UserInfo } from '../../authentication/user/user.js';

export interface Attributes {
  user: UserInfo;
  verb: string;
  /** Resource requests: */
  namespace?: string;
  apiGroup?: string;
  apiVersion?: string;
  resource?: string;
  subresource?: string;
  name?: string;
  /** Non-resource requests (e.g. /healthz): */
  path?: string;
  isResourceRequest: boolean;
}

export type Decision = 'Allow' | 'Deny' | 'NoOpinion';

export interface AuthorizerResult {
  decision: Decision;
  reason: string;
}

export interface ResourceRule {
  verbs: string[];
  apiGroups?: string[];
  resources?: string[];
  resourceNames?: string[];
}

export interface NonResourceRule {
  verbs: string[];
  nonResourceURLs?: string[];
}

export interface Authorizer {
  authorize(attrs: Attributes): AuthorizerResult;
  /** What `user` may do in `namespace` (SelfSubjectRulesReview). */
  rulesFor(
    user: UserInfo,
    namespace: string,
  ): { resourceRules: ResourceRule[]; nonResourceRules: NonResourceRule[]; incomplete: boolean };
}

/** Allows everything (upstream's AlwaysAllow mode): the only mode until RBAC is implemented. */
export const alwaysAllowAuthorizer: Authorizer = {
  authorize: () => ({ decision: 'Allow', reason: '' }),
  rulesFor: () => ({
    resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
    nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
    incomplete: false,
  }),
};
