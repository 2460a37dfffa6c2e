import { describe, expect, it } from 'vitest';
import { ctxIn, newBackend, statusOf } from '../../generic/registry/testing/fixtures.js';
import { defaultUpdatedObjectInfo } from '../../rest/update.js';
import { newNamespaceStorage } from './storage.js';

const cluster = ctxIn();

describe('namespaces', () => {
  it('creates Active namespaces with the kubernetes finalizer and the name label', async () => {
    const { store } = newNamespaceStorage({ storage: newBackend().storage });
    const ns = await store.create(cluster, { metadata: { name: 'team-a' } });
    expect(ns).toMatchObject({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team-a', labels: { 'kubernetes.io/metadata.name': 'team-a' } },
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  });

  it('rejects invalid names with upstream wording', async () => {
    const { store } = newNamespaceStorage({ storage: newBackend().storage });
    expect(await statusOf(store.create(cluster, { metadata: { name: 'Team_A' } }))).toMatchObject({
      code: 422,
      reason: 'Invalid',
    });
  });

  it('ignores status and spec.finalizers on update', async () => {
    const { store } = newNamespaceStorage({ storage: newBackend().storage });
    const ns = await store.create(cluster, { metadata: { name: 'a' } });
    const { object } = await store.update(
      cluster,
      'a',
      defaultUpdatedObjectInfo({
        ...ns,
        spec: { finalizers: [] },
        status: { phase: 'Terminating' },
        metadata: { ...ns.metadata, labels: { x: 'y' } },
      }),
    );
    expect(object).toMatchObject({
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
      metadata: { labels: { x: 'y', 'kubernetes.io/metadata.name': 'a' } },
    });
  });

  it('marks a namespace Terminating on delete and removes it when /finalize clears the last finalizer', async () => {
    const { store, finalize } = newNamespaceStorage({ storage: newBackend().storage });
    await store.create(cluster, { metadata: { name: 'a' } });
    const first = await store.delete!(cluster, 'a');
    expect(first.deleted).toBe(false);
    expect(first.object).toMatchObject({
      status: { phase: 'Terminating' },
      metadata: { deletionTimestamp: expect.any(String) },
    });
    expect((await store.delete!(cluster, 'a')).deleted).toBe(false);
    const current = await store.get(cluster, 'a');
    await finalize.update(cluster, 'a', defaultUpdatedObjectInfo({ ...current, spec: { finalizers: [] } }));
    expect(await statusOf(store.get(cluster, 'a'))).toMatchObject({ code: 404, message: 'namespaces "a" not found' });
  });

  it('supports the status.phase field selector', async () => {
    const { store } = newNamespaceStorage({ storage: newBackend().storage });
    await store.create(cluster, { metadata: { name: 'a' } });
    const { parseSelector } = await import('../../../fields/parse.js');
    const list = await store.list(cluster, { fieldSelector: parseSelector('status.phase=Active') });
    expect(list.items.map((n) => n.metadata.name)).toEqual(['a']);
  });
});
