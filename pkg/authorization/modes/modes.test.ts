import { describe, expect, it } from 'vitest';
import { alwaysAllowAuthorizer, type Attributes } from '../authorizer/interfaces.js';
import { newAuthorizerForModes, parseAuthorizationModes, validateAuthorizationModes } from './modes.js';

const get = (groups: string[]): Attributes => ({
  user: { name: 'u', groups },
  verb: 'get',
  resource: 'pods',
  apiGroup: '',
  namespace: 'n',
  isResourceRequest: true,
});

describe('authorization modes', () => {
  it('parses comma lists and validates with upstream wording', () => {
    expect(parseAuthorizationModes('Node, RBAC')).toEqual(['Node', 'RBAC']);
    expect(validateAuthorizationModes(['RBAC', 'AlwaysAllow'])).toEqual([]);
    expect(validateAuthorizationModes([''])).toEqual(['at least one authorization-mode must be passed']);
    expect(validateAuthorizationModes(['Foo'])).toEqual(['authorization-mode "Foo" is not a valid mode']);
    expect(validateAuthorizationModes(['RBAC', 'RBAC'])).toEqual([
      'authorization-mode ["RBAC" "RBAC"] has mode specified more than once',
    ]);
    expect(validateAuthorizationModes(['Node'])[0]).toContain('is not supported by this server yet');
  });

  it('puts system:masters first, then the modes in order', () => {
    const { authorizer, ruleResolver } = newAuthorizerForModes(['AlwaysDeny', 'AlwaysAllow'], {});
    expect(authorizer.authorize(get(['system:masters']))).toEqual({ decision: 'Allow', reason: '' });
    // AlwaysDeny has no opinion, so AlwaysAllow decides
    expect(authorizer.authorize(get([])).decision).toBe('Allow');
    expect(ruleResolver.rulesFor({ name: 'u', groups: [] }, 'n')).toEqual(
      alwaysAllowAuthorizer.rulesFor({ name: 'u', groups: [] }, 'n'),
    );
    const deny = newAuthorizerForModes(['AlwaysDeny'], {}).authorizer;
    expect(deny.authorize(get([]))).toEqual({ decision: 'NoOpinion', reason: 'Everything is forbidden.' });
    expect(deny.authorize(get(['system:masters'])).decision).toBe('Allow');
  });

  it('refuses RBAC without its authorizer and bad lists', () => {
    expect(() => newAuthorizerForModes(['RBAC'], {})).toThrow('needs the RBAC authorizer');
    expect(() => newAuthorizerForModes(['Bogus'], {})).toThrow('is not a valid mode');
  });
});
