/**
 * A chain of authorizers (mirrors k8s.io/apiserver pkg/authorization/union): the first Allow or
 * Deny wins; when every member has no opinion, so has the union, with the members' reasons joined
 * by newlines. Rule reviews gather the rules of every member.
 */
import type { UserInfo } from '../../authentication/user/user.js';
import type { Attributes, Authorizer, AuthorizerResult, RulesResult } from '../authorizer/interfaces.js';

export function newUnionAuthorizer(authorizers: readonly Authorizer[]): Authorizer {
  return {
    authorize(attrs: Attributes): AuthorizerResult {
      const reasons: string[] = [];
      for (const authorizer of authorizers) {
        const result = authorizer.authorize(attrs);
        if (result.decision !== 'NoOpinion') return result;
        if (result.reason !== '') reasons.push(result.reason);
      }
      return { decision: 'NoOpinion', reason: reasons.join('\n') };
    },
    rulesFor(user: UserInfo, namespace: string): RulesResult {
      const out: RulesResult = { resourceRules: [], nonResourceRules: [], incomplete: false };
      const errors: string[] = [];
      for (const authorizer of authorizers) {
        const rules = authorizer.rulesFor(user, namespace);
        out.resourceRules.push(...rules.resourceRules);
        out.nonResourceRules.push(...rules.nonResourceRules);
        if (rules.incomplete) out.incomplete = true;
        if (rules.evaluationError) errors.push(rules.evaluationError);
      }
      const evaluationError = aggregateErrors(errors);
      if (evaluationError !== '') out.evaluationError = evaluationError;
      return out;
    },
  };
}

/**
 * apimachinery's utilerrors.NewAggregate(...).Error(): one message as is; several deduplicated,
 * comma-separated, in brackets.
 */
export function aggregateErrors(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  if (unique.length === 0) return '';
  if (unique.length === 1) return unique[0] ?? '';
  return `[${unique.join(', ')}]`;
}
