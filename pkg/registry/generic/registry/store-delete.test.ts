import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../apis/meta/v1/types.js';
import { parse as parseLabels } from '../../../labels/parse.js';
import { defaultUpdatedObjectInfo } from '../../rest/update.js';
import {
  cm,
  configMapStrategy,
  ctxIn,
  newBackend,
  newConfigMapStore,
  newPodStores,
  statusOf,
} from './testing/fixtures.js';

const ns = ctxIn('default');

describe('Store.delete', () => {
  it('deletes at once and answers with a Success Status naming the object', async () => {
    const store = newConfigMapStore(newBackend());
    const created = await store.create(ns, cm('a'));
    const { object, deleted } = await store.delete(ns, 'a');
    expect(deleted).toBe(true);
    expect(object).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Success',
      code: 200,
      details: { name: 'a', kind: 'configmaps', uid: created.metadata.uid },
    });
    expect(await statusOf(store.get(ns, 'a'))).toMatchObject({ code: 404 });
    expect(await statusOf(store.delete(ns, 'a'))).toMatchObject({ code: 404, message: 'configmaps "a" not found' });
  });

  it('answers with the deleted object when the resource returns deleted objects', async () => {
    const { pods } = newPodStores(newBackend());
    await pods.create(ns, { metadata: { name: 'p' }, spec: {} });
    const { object, deleted } = await pods.delete(ns, 'p', { gracePeriodSeconds: 0 });
    expect(deleted).toBe(true);
    expect(object).toMatchObject({ kind: 'Pod', metadata: { name: 'p' } });
  });

  it('checks uid and resourceVersion preconditions with upstream messages', async () => {
    const store = newConfigMapStore(newBackend());
    const created = await store.create(ns, cm('a'));
    expect(await statusOf(store.delete(ns, 'a', { preconditions: { uid: 'nope' } }))).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message: `Operation cannot be fulfilled on ConfigMap "a": the UID in the precondition (nope) does not match the UID in record (${created.metadata.uid}). The object might have been deleted and then recreated`,
    });
    expect(await statusOf(store.delete(ns, 'a', { preconditions: { resourceVersion: '1' } }))).toMatchObject({
      code: 409,
      message: `Operation cannot be fulfilled on ConfigMap "a": the ResourceVersion in the precondition (1) does not match the ResourceVersion in record (${created.metadata.resourceVersion}). The object might have been modified`,
    });
    const ok = await store.delete(ns, 'a', {
      preconditions: { uid: created.metadata.uid!, resourceVersion: created.metadata.resourceVersion! },
    });
    expect(ok.deleted).toBe(true);
  });

  it('rejects invalid DeleteOptions with 422', async () => {
    const store = newConfigMapStore(newBackend());
    await store.create(ns, cm('a'));
    const s = await statusOf(store.delete(ns, 'a', { propagationPolicy: 'Sideways' as never }));
    expect(s).toMatchObject({ code: 422, reason: 'Invalid' });
    expect(s.message).toBe(
      'DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Sideways": supported values: "Foreground", "Background", "Orphan", "nil"',
    );
    expect(await statusOf(store.delete(ns, 'a', { dryRun: ['Some'] }))).toMatchObject({ code: 422 });
  });

  it('deletes at once with Background propagation or none (the default policy deletes dependents)', async () => {
    const store = newConfigMapStore(newBackend());
    await store.create(ns, cm('background'));
    expect((await store.delete(ns, 'background', { propagationPolicy: 'Background' })).deleted).toBe(true);
    await store.create(ns, cm('default'));
    expect((await store.delete(ns, 'default')).deleted).toBe(true);
  });

  it('dry-run deletes after a dry-run marking when a GC finalizer would be added', async () => {
    const store = newConfigMapStore(newBackend());
    await store.create(ns, cm('a'));
    const dry = await store.delete(ns, 'a', { propagationPolicy: 'Foreground', dryRun: ['All'] });
    expect(dry.deleted).toBe(false);
    expect((dry.object as KubeObject).metadata.finalizers).toEqual(['foregroundDeletion']);
    expect((await store.get(ns, 'a')).metadata.finalizers).toBeUndefined();
  });

  it('keeps nothing from a dry-run delete', async () => {
    const backend = newBackend();
    const store = newConfigMapStore(backend);
    await store.create(ns, cm('a'));
    const rev = await backend.storage.currentResourceVersion();
    expect((await store.delete(ns, 'a', { dryRun: ['All'] })).deleted).toBe(true);
    expect((await store.get(ns, 'a')).metadata.name).toBe('a');
    expect(await backend.storage.currentResourceVersion()).toBe(rev);
  });
});

describe('finalizers', () => {
  it('marks an object with finalizers and deletes it when an update removes the last one', async () => {
    const store = newConfigMapStore(newBackend());
    const created = await store.create(ns, { ...cm('a'), metadata: { name: 'a', finalizers: ['example.com/hold'] } });
    const first = await store.delete(ns, 'a');
    expect(first.deleted).toBe(false);
    const marked = first.object as KubeObject;
    expect(marked.metadata.deletionTimestamp).toBeDefined();
    expect(marked.metadata.deletionGracePeriodSeconds).toBe(0);

    // Deleting again changes nothing; the object stays until its finalizers are gone.
    const again = await store.delete(ns, 'a');
    expect(again.deleted).toBe(false);
    expect((again.object as KubeObject).metadata.resourceVersion).toBe(marked.metadata.resourceVersion);

    // No finalizer may be added once deletion started.
    const added = await statusOf(
      store.update(
        ns,
        'a',
        defaultUpdatedObjectInfo({
          ...marked,
          metadata: { ...marked.metadata, finalizers: ['example.com/hold', 'example.com/more'] },
        }),
      ),
    );
    expect(added).toMatchObject({ code: 422 });
    expect(added.message).toContain(
      'metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted',
    );

    const released = await store.update(
      ns,
      'a',
      defaultUpdatedObjectInfo({ ...marked, metadata: { ...marked.metadata, finalizers: [] } }),
    );
    expect(released.created).toBe(false);
    expect(released.object.metadata.uid).toBe(created.metadata.uid);
    expect(await statusOf(store.get(ns, 'a'))).toMatchObject({ code: 404 });
  });

  it('lets a resource add its own condition for deleting on update', async () => {
    const store = newConfigMapStore(newBackend(), {
      shouldDeleteDuringUpdate: (obj) => (obj.data as { done?: string } | undefined)?.done === 'yes',
    });
    await store.create(ns, { ...cm('a'), metadata: { name: 'a', finalizers: ['example.com/hold'] } });
    const marked = (await store.delete(ns, 'a')).object as KubeObject;
    await store.update(
      ns,
      'a',
      defaultUpdatedObjectInfo({ ...marked, metadata: { ...marked.metadata, finalizers: [] } }),
    );
    expect((await store.get(ns, 'a')).metadata.finalizers).toBeUndefined();
    const current = await store.get(ns, 'a');
    await store.update(ns, 'a', defaultUpdatedObjectInfo({ ...current, data: { done: 'yes' } }));
    expect(await statusOf(store.get(ns, 'a'))).toMatchObject({ code: 404 });
  });

  it('dry-run marking leaves the object untouched', async () => {
    const store = newConfigMapStore(newBackend());
    await store.create(ns, { ...cm('a'), metadata: { name: 'a', finalizers: ['example.com/hold'] } });
    const dry = await store.delete(ns, 'a', { dryRun: ['All'] });
    expect((dry.object as KubeObject).metadata.deletionTimestamp).toBeDefined();
    expect((await store.get(ns, 'a')).metadata.deletionTimestamp).toBeUndefined();
  });
});

describe('garbage collection finalizers', () => {
  const marked = async (store: ReturnType<typeof newConfigMapStore>, name: string) => {
    const got = await store.get(ns, name);
    expect(got.metadata.deletionTimestamp).toBeDefined();
    expect(got.metadata.deletionGracePeriodSeconds).toBe(0);
    return got.metadata.finalizers;
  };

  it('adds orphan for propagationPolicy=Orphan and orphanDependents=true, foregroundDeletion for Foreground', async () => {
    const store = newConfigMapStore(newBackend());
    for (const [name, options, finalizer] of [
      ['orphan', { propagationPolicy: 'Orphan' }, 'orphan'],
      ['orphan-deprecated', { orphanDependents: true }, 'orphan'],
      ['foreground', { propagationPolicy: 'Foreground' }, 'foregroundDeletion'],
    ] as const) {
      await store.create(ns, cm(name));
      const res = await store.delete(ns, name, options);
      expect(res.deleted, name).toBe(false);
      expect(await marked(store, name), name).toEqual([finalizer]);
    }
  });

  it('orphanDependents=false deletes now, and replaces a finalizer the object already had', async () => {
    const store = newConfigMapStore(newBackend());
    await store.create(ns, cm('a'));
    expect((await store.delete(ns, 'a', { orphanDependents: false })).deleted).toBe(true);
    await store.create(ns, { ...cm('b'), metadata: { name: 'b', finalizers: ['orphan', 'example.com/keep'] } });
    await store.delete(ns, 'b', { propagationPolicy: 'Foreground' });
    expect(await marked(store, 'b')).toEqual(['example.com/keep', 'foregroundDeletion']);
  });

  it('lets a second delete switch the policy of a marked object, but not of a pending graceful deletion', async () => {
    const store = newConfigMapStore(newBackend());
    await store.create(ns, cm('a'));
    await store.delete(ns, 'a', { propagationPolicy: 'Orphan' });
    const again = await store.delete(ns, 'a', { propagationPolicy: 'Foreground' });
    expect(again.deleted).toBe(false);
    expect(await marked(store, 'a')).toEqual(['foregroundDeletion']);

    const { pods } = newPodStores(newBackend());
    await pods.create(ns, { metadata: { name: 'p' }, spec: { terminationGracePeriodSeconds: 30 } });
    await pods.delete(ns, 'p', { propagationPolicy: 'Orphan' });
    await pods.delete(ns, 'p', { propagationPolicy: 'Foreground' });
    expect((await pods.get(ns, 'p')).metadata.finalizers).toEqual(['orphan']);
  });

  it('without a policy, follows the object’s own GC finalizer, then the strategy’s default', async () => {
    const orphaning = newConfigMapStore(newBackend(), {
      strategy: configMapStrategy({ defaultGarbageCollectionPolicy: 'OrphanDependents' }),
    });
    await orphaning.create(ns, cm('default'));
    await orphaning.delete(ns, 'default');
    expect(await marked(orphaning, 'default')).toEqual(['orphan']);
    await orphaning.create(ns, { ...cm('own'), metadata: { name: 'own', finalizers: ['foregroundDeletion'] } });
    await orphaning.delete(ns, 'own');
    expect(await marked(orphaning, 'own')).toEqual(['foregroundDeletion']);
    await orphaning.create(ns, cm('background'));
    expect((await orphaning.delete(ns, 'background', { propagationPolicy: 'Background' })).deleted).toBe(true);
  });

  it('never adds one for a kind whose policy is Unsupported', async () => {
    const store = newConfigMapStore(newBackend(), {
      strategy: configMapStrategy({ defaultGarbageCollectionPolicy: 'Unsupported' }),
    });
    await store.create(ns, cm('a'));
    expect((await store.delete(ns, 'a', { propagationPolicy: 'Foreground' })).deleted).toBe(true);
  });

  it('deletes the object when the garbage collector removes the last finalizer', async () => {
    const store = newConfigMapStore(newBackend());
    await store.create(ns, cm('a'));
    const { object } = await store.delete(ns, 'a', { propagationPolicy: 'Orphan' });
    const obj = object as KubeObject;
    await store.update(ns, 'a', defaultUpdatedObjectInfo({ ...obj, metadata: { ...obj.metadata, finalizers: [] } }));
    expect(await statusOf(store.get(ns, 'a'))).toMatchObject({ code: 404 });
  });
});

describe('graceful deletion', () => {
  it('marks with the grace period, then deletes on a zero-grace delete', async () => {
    const { pods } = newPodStores(newBackend());
    await pods.create(ns, { metadata: { name: 'p' }, spec: { terminationGracePeriodSeconds: 30 } });
    const before = Date.now();
    const graceful = await pods.delete(ns, 'p');
    expect(graceful.deleted).toBe(false);
    const meta = (graceful.object as KubeObject).metadata;
    expect(meta.deletionGracePeriodSeconds).toBe(30);
    expect(Date.parse(meta.deletionTimestamp!)).toBeGreaterThanOrEqual(Math.floor(before / 1000) * 1000 + 29_000);
    expect(meta.generation).toBe(2);

    // A longer grace period does not extend it; the pending deletion is reported as it is.
    const pending = await pods.delete(ns, 'p', { gracePeriodSeconds: 60 });
    expect(pending.deleted).toBe(false);
    expect((pending.object as KubeObject).metadata.deletionGracePeriodSeconds).toBe(30);

    const now = await pods.delete(ns, 'p', { gracePeriodSeconds: 0 });
    expect(now.deleted).toBe(true);
    expect(await statusOf(pods.get(ns, 'p'))).toMatchObject({ code: 404 });
  });
});

describe('Store.deleteCollection', () => {
  it('deletes the selected objects and returns them', async () => {
    const store = newConfigMapStore(newBackend());
    await store.create(ns, cm('a', {}, { app: 'x' }));
    await store.create(ns, cm('b', {}, { app: 'x' }));
    await store.create(ns, cm('c', {}, { app: 'y' }));
    const gone = await store.deleteCollection(ns, undefined, { labelSelector: parseLabels('app=x') });
    expect(gone.items.map((i) => i.metadata.name)).toEqual(['a', 'b']);
    expect((await store.list(ns)).items.map((i) => i.metadata.name)).toEqual(['c']);
  });
});
