import { describe, expect, it } from 'vitest';
import { newForbidden } from '../api/errors/errors.js';
import { systemUser } from '../endpoints/request/context.js';
import { newChainHandler } from './chain.js';
import type { Attributes, MutationInterface, ValidationInterface } from './interfaces.js';

function attrs(operation: Attributes['operation']): Attributes {
  return {
    name: 'x',
    namespace: 'ns',
    resource: { group: '', version: 'v1', resource: 'configmaps' },
    subresource: '',
    kind: { group: '', version: 'v1', kind: 'ConfigMap' },
    operation,
    object: { metadata: { name: 'x' } },
    dryRun: false,
    userInfo: systemUser,
  };
}

describe('admission chain', () => {
  it('runs mutating plugins in order, only for the operations they handle', async () => {
    const seen: string[] = [];
    const a: MutationInterface = { handles: (op) => op === 'CREATE', admit: async () => void seen.push('a') };
    const b: MutationInterface = { handles: () => true, admit: async () => void seen.push('b') };
    const chain = newChainHandler([a, b]);
    await chain.admit(attrs('CREATE'));
    await chain.admit(attrs('DELETE'));
    expect(seen).toEqual(['a', 'b', 'b']);
  });

  it('rejects with the first validating plugin error', async () => {
    const deny: ValidationInterface = {
      handles: () => true,
      validate: async () => {
        throw newForbidden({ group: '', resource: 'configmaps' }, 'x', 'no');
      },
    };
    const never: ValidationInterface = {
      handles: () => true,
      validate: async () => {
        throw new Error('must not run');
      },
    };
    await expect(newChainHandler([deny, never]).validate(attrs('UPDATE'))).rejects.toMatchObject({
      status: { code: 403 },
    });
  });
});
