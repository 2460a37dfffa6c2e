import { describe, expect, it } from 'vitest';
import { newChainHandler } from '../../../admission/chain.js';
import type { MutationInterface, ValidationInterface } from '../../../admission/interfaces.js';
import { newForbidden } from '../../../api/errors/errors.js';
import type { KubeObject } from '../../../apis/meta/v1/types.js';
import { defaultUpdatedObjectInfo } from '../../rest/update.js';
import {
  cm,
  configMapStrategy,
  ctxIn,
  newBackend,
  newConfigMapStore,
  newNamespaceStore,
  newPodStores,
  statusOf,
} from './testing/fixtures.js';

const ns = ctxIn('default');

describe('Store.create', () => {
  it('fills system metadata, the namespace from the request and the kind', async () => {
    const store = newConfigMapStore(newBackend());
    const created = await store.create(ns, { metadata: { name: 'a' }, data: { k: 'v' } });
    expect(created).toMatchObject({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'a', namespace: 'default' },
      data: { k: 'v' },
    });
    expect(created.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Number(created.metadata.resourceVersion)).toBeGreaterThan(0);
    expect(await store.get(ns, 'a')).toEqual(created);
  });

  // Regression (found by test/e2e/fuzz.e2e.test.ts): `"labels": null` was a 500.
  it('drops null metadata collections as Go decoding does', async () => {
    const store = newConfigMapStore(newBackend());
    const created = await store.create(ns, {
      metadata: { name: 'a', labels: null, annotations: null, finalizers: null },
      // What a client's JSON may hold, which ObjectMeta's type rules out.
    } as unknown as KubeObject);
    expect(created.metadata).not.toHaveProperty('labels');
    expect(created.metadata).not.toHaveProperty('annotations');
    expect(created.metadata).not.toHaveProperty('finalizers');
  });

  it('rejects a body namespace that disagrees with the request with 400 BadRequest', async () => {
    const store = newConfigMapStore(newBackend());
    const obj = cm('a');
    obj.metadata.namespace = 'other';
    expect(await statusOf(store.create(ns, obj))).toMatchObject({
      code: 400,
      reason: 'BadRequest',
      message: 'the namespace of the provided object does not match the namespace sent on the request',
    });
  });

  it('returns 409 AlreadyExists for a taken name', async () => {
    const store = newConfigMapStore(newBackend());
    await store.create(ns, cm('a'));
    expect(await statusOf(store.create(ns, cm('a')))).toMatchObject({
      code: 409,
      reason: 'AlreadyExists',
      message: 'configmaps "a" already exists',
    });
  });

  it('returns 422 Invalid with every field error, kind errors before ObjectMeta errors', async () => {
    const store = newConfigMapStore(newBackend());
    const s = await statusOf(
      store.create(ns, { metadata: { name: 'a', labels: { 'bad key!': 'x' } }, data: { n: 1 } }),
    );
    expect(s).toMatchObject({ code: 422, reason: 'Invalid' });
    expect(s.message).toMatch(/^ConfigMap "a" is invalid: data\[n\]: Invalid value: 1: must be a string$/);
  });

  it('validates ObjectMeta: a name is required', async () => {
    const store = newConfigMapStore(newBackend());
    const s = await statusOf(store.create(ns, { metadata: {} }));
    expect(s).toMatchObject({
      code: 422,
      message: 'ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required',
    });
  });

  it('generates a name from generateName', async () => {
    const store = newConfigMapStore(newBackend());
    const created = await store.create(ns, { metadata: { generateName: 'web-' } });
    expect(created.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(created.metadata.generateName).toBe('web-');
  });

  it('stores nothing and uses no revision on dryRun, yet validates and detects conflicts', async () => {
    const backend = newBackend();
    const store = newConfigMapStore(backend);
    await store.create(ns, cm('taken'));
    const before = await backend.storage.currentResourceVersion();
    const dry = await store.create(ns, cm('a'), { dryRun: true });
    expect(dry.metadata).toMatchObject({ name: 'a', namespace: 'default' });
    expect(dry.metadata.uid).toBeDefined();
    expect(await statusOf(store.get(ns, 'a'))).toMatchObject({ code: 404, message: 'configmaps "a" not found' });
    expect(await statusOf(store.create(ns, cm('taken'), { dryRun: true }))).toMatchObject({ code: 409 });
    expect(await statusOf(store.create(ns, cm('b', { n: 1 }), { dryRun: true }))).toMatchObject({ code: 422 });
    expect(await backend.storage.currentResourceVersion()).toBe(before);
  });

  it('refuses a resourceVersion on create like upstream (500)', async () => {
    const store = newConfigMapStore(newBackend());
    const obj = cm('a');
    obj.metadata.resourceVersion = '12';
    expect(await statusOf(store.create(ns, obj))).toMatchObject({
      code: 500,
      message: 'Internal error occurred: resourceVersion should not be set on objects to be created',
    });
  });

  it('requires a namespace for namespaced kinds and rejects names that cannot be path segments', async () => {
    const store = newConfigMapStore(newBackend());
    expect(await statusOf(store.get(ctxIn(), 'a'))).toMatchObject({
      code: 400,
      message: 'Namespace parameter required.',
    });
    expect(await statusOf(store.get(ns, '..'))).toMatchObject({
      code: 400,
      message: `Name parameter invalid: "..": may not be '..'`,
    });
  });

  it('stores cluster-scoped objects without a namespace', async () => {
    const backend = newBackend();
    const store = newNamespaceStore(backend);
    const created = await store.create(ctxIn(), { metadata: { name: 'team-a', namespace: 'ignored' } });
    expect(created.metadata.namespace).toBeUndefined();
    expect(await backend.storage.get('/registry/namespaces/team-a')).toBeDefined();
  });

  it('uses the configured key prefix', async () => {
    const backend = newBackend();
    const store = newConfigMapStore(backend, { resourcePrefix: 'services/specs' });
    await store.create(ns, cm('a'));
    expect(await backend.storage.get('/registry/services/specs/default/a')).toBeDefined();
  });
});

describe('Store.update', () => {
  it('returns 409 Conflict with the optimistic-lock message for a stale resourceVersion', async () => {
    const store = newConfigMapStore(newBackend());
    const v1 = await store.create(ns, cm('a', { k: '1' }));
    await store.update(ns, 'a', defaultUpdatedObjectInfo({ ...v1, data: { k: '2' } }));
    const s = await statusOf(store.update(ns, 'a', defaultUpdatedObjectInfo({ ...v1, data: { k: '3' } })));
    expect(s).toMatchObject({
      code: 409,
      reason: 'Conflict',
      message:
        'Operation cannot be fulfilled on configmaps "a": the object has been modified; please apply your changes to the latest version and try again',
    });
  });

  it('applies an update without resourceVersion only when the strategy allows unconditional updates', async () => {
    const backend = newBackend();
    const store = newConfigMapStore(backend);
    await store.create(ns, cm('a'));
    const { object, created } = await store.update(ns, 'a', defaultUpdatedObjectInfo(cm('a', { k: 'v' })));
    expect(created).toBe(false);
    expect(object.data).toEqual({ k: 'v' });

    const { pods } = newPodStores(backend);
    await pods.create(ns, { metadata: { name: 'p' }, spec: {} });
    expect(
      await statusOf(pods.update(ns, 'p', defaultUpdatedObjectInfo({ metadata: { name: 'p' }, spec: { x: 1 } }))),
    ).toMatchObject({
      code: 422,
      message: 'pods "p" is invalid: metadata.resourceVersion: Invalid value: 0: must be specified for an update',
    });
  });

  it('returns 404 for a missing object unless create-on-update is allowed', async () => {
    const backend = newBackend();
    expect(await statusOf(newConfigMapStore(backend).update(ns, 'a', defaultUpdatedObjectInfo(cm('a'))))).toMatchObject(
      { code: 404, message: 'configmaps "a" not found' },
    );
    const upserting = newConfigMapStore(backend, { strategy: configMapStrategy({ allowCreateOnUpdate: true }) });
    const { object, created } = await upserting.update(ns, 'a', defaultUpdatedObjectInfo(cm('a', { k: 'v' })));
    expect(created).toBe(true);
    expect(object.metadata.uid).toBeDefined();
    const forced = await newConfigMapStore(backend).update(ns, 'b', defaultUpdatedObjectInfo(cm('b')), {
      forceAllowCreate: true,
    });
    expect(forced.created).toBe(true);
  });

  it('keeps immutable metadata: creationTimestamp restored, a foreign uid is a precondition conflict, renames are invalid', async () => {
    const store = newConfigMapStore(newBackend());
    const v1 = await store.create(ns, cm('a'));
    const moved = await store.update(
      ns,
      'a',
      defaultUpdatedObjectInfo({
        ...v1,
        metadata: { ...v1.metadata, creationTimestamp: '2000-01-01T00:00:00Z' },
        data: { x: 'y' },
      }),
    );
    expect(moved.object.metadata.creationTimestamp).toBe(v1.metadata.creationTimestamp);
    const s = await statusOf(
      store.update(
        ns,
        'a',
        defaultUpdatedObjectInfo({ ...moved.object, metadata: { ...moved.object.metadata, uid: 'other' } }),
      ),
    );
    expect(s.code).toBe(409);
    expect(s.message).toContain('Precondition failed: UID in precondition: other');
    const renamed = await statusOf(
      store.update(
        ns,
        'a',
        defaultUpdatedObjectInfo({ ...moved.object, metadata: { ...moved.object.metadata, name: 'b' } }),
      ),
    );
    expect(renamed).toMatchObject({ code: 422 });
    expect(renamed.message).toContain('metadata.name: Invalid value: "b": field is immutable');
  });

  it('writes nothing for an update that changes nothing', async () => {
    const store = newConfigMapStore(newBackend());
    const v1 = await store.create(ns, cm('a', { k: 'v' }));
    const same = await store.update(ns, 'a', defaultUpdatedObjectInfo(v1));
    expect(same.object.metadata.resourceVersion).toBe(v1.metadata.resourceVersion);
  });

  it('computes a dry-run update without storing it', async () => {
    const backend = newBackend();
    const store = newConfigMapStore(backend);
    const v1 = await store.create(ns, cm('a', { k: 'v' }));
    const rev = await backend.storage.currentResourceVersion();
    const dry = await store.update(ns, 'a', defaultUpdatedObjectInfo({ ...v1, data: { k: 'changed' } }), {
      dryRun: true,
    });
    expect(dry.object.data).toEqual({ k: 'changed' });
    expect((await store.get(ns, 'a')).data).toEqual({ k: 'v' });
    expect(await backend.storage.currentResourceVersion()).toBe(rev);
  });

  it('passes the current object to objInfo (the patch path) and retries it on conflicts', async () => {
    const store = newConfigMapStore(newBackend());
    await store.create(ns, cm('a', { n: '0' }));
    await Promise.all(
      Array.from({ length: 5 }, () =>
        store.update(ns, 'a', (current) => {
          const next = structuredClone(current as KubeObject);
          next.data = { n: String(Number((next.data as { n: string }).n) + 1) };
          return next;
        }),
      ),
    );
    expect((await store.get(ns, 'a')).data).toEqual({ n: '5' });
  });

  it('keeps status on the main resource, only status on /status, and bumps generation on spec changes', async () => {
    const { pods, status } = newPodStores(newBackend());
    const p = await pods.create(ns, { metadata: { name: 'p' }, spec: { nodeName: '' }, status: { phase: 'Running' } });
    expect(p.status).toEqual({});
    expect(p.metadata.generation).toBe(1);
    const s = await status.update(
      ns,
      'p',
      defaultUpdatedObjectInfo({ ...p, spec: { nodeName: 'ignored' }, status: { phase: 'Running' } }),
    );
    expect(s.object).toMatchObject({
      spec: { nodeName: '' },
      status: { phase: 'Running' },
      metadata: { generation: 1 },
    });
    const m = await pods.update(
      ns,
      'p',
      defaultUpdatedObjectInfo({ ...s.object, spec: { nodeName: 'n1' }, status: { phase: 'Failed' } }),
    );
    expect(m.object).toMatchObject({
      spec: { nodeName: 'n1' },
      status: { phase: 'Running' },
      metadata: { generation: 2 },
    });
  });
});

describe('Store admission', () => {
  it('lets mutating plugins change the object and validating plugins veto it before anything is stored', async () => {
    const labeler: MutationInterface = {
      handles: (op) => op === 'CREATE',
      admit: async (a) => {
        a.object!.metadata.labels = { admitted: 'yes' };
      },
    };
    const seen: string[] = [];
    const gate: ValidationInterface = {
      handles: () => true,
      validate: async (a) => {
        seen.push(`${a.operation}:${a.name}:${a.object?.metadata.labels?.admitted ?? '-'}`);
        if (a.object?.metadata.name === 'denied')
          throw newForbidden({ group: '', resource: 'configmaps' }, 'denied', 'no');
      },
    };
    const backend = newBackend();
    const store = newConfigMapStore(backend, {}, newChainHandler([labeler, gate]));
    const created = await store.create(ns, cm('a'));
    expect(created.metadata.labels).toEqual({ admitted: 'yes' });
    expect(await statusOf(store.create(ns, cm('denied')))).toMatchObject({ code: 403 });
    expect(await statusOf(store.get(ns, 'denied'))).toMatchObject({ code: 404 });
    await store.delete(ns, 'a');
    expect(seen).toEqual(['CREATE:a:yes', 'CREATE:denied:yes', 'DELETE:a:-']);
  });
});

describe('Store.guaranteedUpdate', () => {
  it('rewrites the stored object past strategy and admission, with the errors of a Store', async () => {
    const backend = newBackend();
    const store = newConfigMapStore(backend);
    await store.create(ns, cm('a'));
    // A number in data fails the strategy's validation: this write does not run it.
    const out = await store.guaranteedUpdate(ns, 'a', (current) => ({ ...current, data: { k: 1 } }));
    expect(out).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', data: { k: 1 } });
    expect(await backend.storage.get('/registry/configmaps/default/a')).toMatchObject({ data: { k: 1 } });
    expect(await statusOf(store.guaranteedUpdate(ns, 'missing', (current) => current))).toMatchObject({
      code: 404,
      message: 'configmaps "missing" not found',
    });
    expect(await statusOf(store.guaranteedUpdate(ns, 'a', (current) => current, { uid: 'other' }))).toMatchObject({
      code: 409,
      reason: 'Conflict',
    });
  });
});
