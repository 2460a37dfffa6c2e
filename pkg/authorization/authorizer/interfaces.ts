/**
 * Authorization (mirrors apiserver's authorization/authorizer): a decision about one request's
 * attributes. `--authorization-mode` picks the authorizers (../modes/modes.ts); the self reviews
 * answer from whatever authorizer is configured.
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

/**
 * What a user may do in a namespace (upstream RuleResolver.RulesFor). `evaluationError` carries the
 * problems met while resolving (a binding to a missing role, say): the rules found are still
 * valid, as upstream's rules are purely additive.
 */
export interface RulesResult {
  resourceRules: ResourceRule[];
  nonResourceRules: NonResourceRule[];
  incomplete: boolean;
  evaluationError?: string;
}

export interface Authorizer {
  authorize(attrs: Attributes): AuthorizerResult;
  /** What `user` may do in `namespace` (SelfSubjectRulesReview). */
  rulesFor(user: UserInfo, namespace: string): RulesResult;
}

/** Allows everything (upstream's AlwaysAllow mode). */
export const alwaysAllowAuthorizer: Authorizer = {
  authorize: () => ({ decision: 'Allow', reason: '' }),
  rulesFor: () => ({
    resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }],
    nonResourceRules: [{ verbs: ['*'], nonResourceURLs: ['*'] }],
    incomplete: false,
  }),
};
