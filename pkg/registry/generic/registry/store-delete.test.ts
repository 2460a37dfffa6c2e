import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../apis/meta/v1/types.js';
import { parse as parseLabels } from '../../../labels/parse.js';
import { defaultUpdatedObjectInfo } from '../../rest/update.js';
import { cm, ctxIn, newBackend, newConfigMapStore, newPodStores, statusOf } from './testing/fixtures.js';

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

  it('deletes with any propagation policy, since no garbage collector would remove its finalizers', async () => {
    const store = newConfigMapStore(newBackend());
    for (const propagationPolicy of ['Orphan', 'Foreground', 'Background'] as const) {
      await store.create(ns, cm(propagationPolicy.toLowerCase()));
      expect((await store.delete(ns, propagationPolicy.toLowerCase(), { propagationPolicy })).deleted).toBe(true);
    }
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
