import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../apis/meta/v1/types.js';
import { systemUser } from '../../../endpoints/request/context.js';
import type { Attributes } from '../../interfaces.js';
import { newNamespaceLifecycle } from './lifecycle.js';

const namespaces: Record<string, KubeObject> = {
  active: { metadata: { name: 'active' }, status: { phase: 'Active' } },
  leaving: {
    metadata: { name: 'leaving', deletionTimestamp: '2024-01-01T00:00:00Z' },
    status: { phase: 'Terminating' },
  },
};
const plugin = newNamespaceLifecycle({ getNamespace: async (name) => namespaces[name] });

function attrs(operation: Attributes['operation'], namespace: string, overrides: Partial<Attributes> = {}): Attributes {
  return {
    name: 'cm',
    namespace,
    resource: { group: '', version: 'v1', resource: 'configmaps' },
    subresource: '',
    kind: { group: '', version: 'v1', kind: 'ConfigMap' },
    operation,
    object: { metadata: { name: 'cm', namespace } },
    dryRun: false,
    userInfo: systemUser,
    ...overrides,
  };
}

async function statusOf(p: Promise<void>) {
  try {
    await p;
  } catch (err) {
    return (err as { status: unknown }).status;
  }
  return undefined;
}

describe('NamespaceLifecycle', () => {
  it('allows creates in an active namespace', async () => {
    expect(await statusOf(plugin.admit(attrs('CREATE', 'active')))).toBeUndefined();
  });

  it('answers 404 for creates and updates in a missing namespace', async () => {
    expect(await statusOf(plugin.admit(attrs('CREATE', 'missing')))).toMatchObject({
      code: 404,
      reason: 'NotFound',
      message: 'namespaces "missing" not found',
    });
    expect(await statusOf(plugin.admit(attrs('UPDATE', 'missing')))).toMatchObject({ code: 404 });
  });

  it('forbids creates in a terminating namespace with the upstream message and cause', async () => {
    expect(await statusOf(plugin.admit(attrs('CREATE', 'leaving')))).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      code: 403,
      reason: 'Forbidden',
      message:
        'configmaps "cm" is forbidden: unable to create new content in namespace leaving because it is being terminated',
      details: {
        name: 'cm',
        kind: 'configmaps',
        causes: [
          {
            reason: 'NamespaceTerminating',
            message: 'namespace leaving is being terminated',
            field: 'metadata.namespace',
          },
        ],
      },
    });
  });

  it('names the generateName prefix when the object has no name yet', async () => {
    const a = attrs('CREATE', 'leaving', { name: '', object: { metadata: { generateName: 'web-' } } });
    expect(await statusOf(plugin.admit(a))).toMatchObject({
      message:
        'configmaps "web-" is forbidden: unable to create new content in namespace leaving because it is being terminated',
    });
  });

  it('still allows updates and deletes in a terminating namespace, and deletes anywhere', async () => {
    expect(await statusOf(plugin.admit(attrs('UPDATE', 'leaving')))).toBeUndefined();
    expect(await statusOf(plugin.admit(attrs('DELETE', 'leaving')))).toBeUndefined();
    expect(await statusOf(plugin.admit(attrs('DELETE', 'missing')))).toBeUndefined();
  });

  it('forbids deleting the immortal namespaces', async () => {
    const ns = {
      resource: { group: '', version: 'v1', resource: 'namespaces' },
      kind: { group: '', version: 'v1', kind: 'Namespace' },
    };
    expect(await statusOf(plugin.admit(attrs('DELETE', '', { ...ns, name: 'kube-system' })))).toMatchObject({
      code: 403,
      message: 'namespaces "kube-system" is forbidden: this namespace may not be deleted',
    });
    expect(await statusOf(plugin.admit(attrs('DELETE', '', { ...ns, name: 'team-a' })))).toBeUndefined();
  });

  it('ignores cluster-scoped resources', async () => {
    const node = attrs('CREATE', '', {
      resource: { group: '', version: 'v1', resource: 'nodes' },
      kind: { group: '', version: 'v1', kind: 'Node' },
    });
    expect(await statusOf(plugin.admit(node))).toBeUndefined();
  });
});
