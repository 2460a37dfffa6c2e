/**
 * `--authorization-mode` (mirrors pkg/kubeapiserver/authorizer/modes and the validation in
 * pkg/kubeapiserver/options/authorization.go): a comma-separated list of authorizers tried in
 * order, the first Allow or Deny winning. The default is RBAC, as upstream's and k3s's.
 *
 * Upstream also knows ABAC, Webhook and Node; they are valid names there but not implemented here
 * (Node may come with kubelets), so they are refused with a message saying so.
 */
import type { Authorizer } from '../authorizer/interfaces.js';
import { alwaysAllowAuthorizer } from '../authorizer/interfaces.js';
import { alwaysDenyAuthorizer, superuserAuthorizer } from '../authorizerfactory/builtin.js';
import { newUnionAuthorizer } from '../union/union.js';

export const modeAlwaysAllow = 'AlwaysAllow';
export const modeAlwaysDeny = 'AlwaysDeny';
export const modeRBAC = 'RBAC';
export const defaultAuthorizationModes: readonly string[] = [modeRBAC];

const supportedModes: readonly string[] = [modeAlwaysAllow, modeAlwaysDeny, modeRBAC];
/** Valid upstream, not implemented by this server. */
const upstreamOnlyModes: readonly string[] = ['ABAC', 'Webhook', 'Node'];

/** The flag's value as a list of modes: comma-separated, surrounding spaces trimmed. */
export function parseAuthorizationModes(flag: string | readonly string[]): string[] {
  const values = typeof flag === 'string' ? [flag] : flag;
  return values.flatMap((v) => v.split(',')).map((m) => m.trim());
}

/** Problems with the list, in upstream's wording; empty when it can be used. */
export function validateAuthorizationModes(modes: readonly string[]): string[] {
  const errs: string[] = [];
  if (modes.length === 0 || (modes.length === 1 && modes[0] === '')) {
    return ['at least one authorization-mode must be passed'];
  }
  for (const mode of modes) {
    if (upstreamOnlyModes.includes(mode)) {
      errs.push(
        `authorization-mode ${JSON.stringify(mode)} is not supported by this server yet (supported: ${supportedModes.join(', ')})`,
      );
    } else if (!supportedModes.includes(mode)) {
      errs.push(`authorization-mode ${JSON.stringify(mode)} is not a valid mode`);
    }
  }
  if (new Set(modes).size !== modes.length) {
    errs.push(
      `authorization-mode [${modes.map((m) => JSON.stringify(m)).join(' ')}] has mode specified more than once`,
    );
  }
  return errs;
}

export interface AuthorizerSources {
  /** The RBAC authorizer; required when the modes include RBAC. */
  rbac?: Authorizer;
}

/**
 * The request authorizer for a validated mode list: system:masters first (upstream always adds
 * it), then each mode in order. Also the rule resolver for SelfSubjectRulesReview, which upstream
 * builds from the modes alone (the superuser authorizer contributes no rules).
 */
export function newAuthorizerForModes(
  modes: readonly string[],
  sources: AuthorizerSources,
): { authorizer: Authorizer; ruleResolver: Authorizer } {
  const errs = validateAuthorizationModes(modes);
  if (errs.length > 0) throw new Error(errs.join(', '));
  const chain = modes.map((mode): Authorizer => {
    switch (mode) {
      case modeAlwaysAllow:
        return alwaysAllowAuthorizer;
      case modeAlwaysDeny:
        return alwaysDenyAuthorizer;
      default: {
        if (!sources.rbac) throw new Error('authorization-mode RBAC needs the RBAC authorizer');
        return sources.rbac;
      }
    }
  });
  return { authorizer: newUnionAuthorizer([superuserAuthorizer, ...chain]), ruleResolver: newUnionAuthorizer(chain) };
}
