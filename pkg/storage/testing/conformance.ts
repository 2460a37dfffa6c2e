/**
 * The Storage conformance suite (upstream's storage/testing store_tests.go, hono's common.case
 * pattern): `runStorageConformance(name, kvFactory)` proves interfaces.ts for newStore over a
 * backend. Keys live under a fresh prefix per case, so it also runs against a shared etcd.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../apis/meta/v1/types.js';
import { isStorageError, type StorageErrorCode } from '../errors/errors.js';
import type { Storage } from '../interfaces.js';
import type { KV } from '../kv/types.js';
import { text, uniquePrefix } from '../kv/testing/helpers.js';
import { newStore } from '../store.js';
import { registerListCases } from './conformance-list.js';
import { registerWatchCases } from './conformance-watch.js';

export interface StorageCaseContext {
  /** A fresh store over a fresh KV (closed after the case); short too-large wait. */
  setup(): Promise<{ kv: KV; storage: Storage; prefix: string }>;
}

export function runStorageConformance(name: string, newKV: () => Promise<KV>): void {
  describe(`Storage conformance: ${name}`, () => {
    const open: KV[] = [];
    afterEach(async () => {
      await Promise.all(open.splice(0).map((kv) => kv.close()));
    });
    const ctx: StorageCaseContext = {
      async setup() {
        const kv = await newKV();
        open.push(kv);
        return { kv, storage: newStore(kv, { tooLargeResourceVersionWaitMs: 300 }), prefix: uniquePrefix('storage') };
      },
    };
    registerObjectCases(ctx);
    registerListCases(ctx);
    registerWatchCases(ctx);
  });
}

export function configMap(
  name: string,
  data: Record<string, string> = {},
  labels?: Record<string, string>,
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace: 'default', uid: `uid-${name}`, ...(labels ? { labels } : {}) },
    data,
  };
}

export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (e: unknown) => e,
  );
}

export async function expectCode(promise: Promise<unknown>, code: StorageErrorCode, message?: string): Promise<void> {
  const err = await rejection(promise);
  expect(isStorageError(err, code), `expected StorageError ${code}, got ${String(err)}`).toBe(true);
  if (message !== undefined) expect((err as Error).message).toBe(message);
}

function registerObjectCases({ setup }: StorageCaseContext): void {
  it('create sets resourceVersion from the revision and stores the JSON without it', async () => {
    const { kv, storage, prefix } = await setup();
    const input = configMap('a', { k: 'v' });
    const created = await storage.create(`${prefix}a`, input);
    const raw = (await kv.get(`${prefix}a`)).kv!;
    expect(created.metadata.resourceVersion).toBe(String(raw.modRevision));
    expect(JSON.parse(text(raw.value))).toEqual(configMap('a', { k: 'v' }));
    expect(input.metadata.resourceVersion).toBeUndefined();
    (created.data as Record<string, string>).k = 'changed';
    expect(input.data).toEqual({ k: 'v' }); // the result shares nothing with the input
    expect(await storage.get(`${prefix}a`)).toEqual({
      ...configMap('a', { k: 'v' }),
      metadata: { ...input.metadata, resourceVersion: String(raw.modRevision) },
    });
  });

  it('create refuses an object that carries a resourceVersion, and an existing key', async () => {
    const { storage, prefix } = await setup();
    const obj = configMap('a');
    obj.metadata.resourceVersion = '12';
    await expectCode(
      storage.create(`${prefix}a`, obj),
      'InvalidObj',
      'resourceVersion should not be set on objects to be created',
    );
    await storage.create(`${prefix}a`, {
      ...configMap('a'),
      metadata: { ...configMap('a').metadata, resourceVersion: '0' },
    });
    await expectCode(storage.create(`${prefix}a`, configMap('a')), 'KeyExists');
  });

  it('get throws KeyNotFound, or returns undefined with ignoreNotFound', async () => {
    const { storage, prefix } = await setup();
    await expectCode(storage.get(`${prefix}missing`), 'KeyNotFound');
    expect(await storage.get(`${prefix}missing`, { ignoreNotFound: true })).toBeUndefined();
  });

  it('get with a resourceVersion: not older than it, waits briefly for a newer one, else ResourceVersionTooLarge', async () => {
    const { kv, storage, prefix } = await setup();
    const created = await storage.create(`${prefix}a`, configMap('a'));
    const rv = Number(created.metadata.resourceVersion);
    expect((await storage.get(`${prefix}a`, { resourceVersion: String(rv) }))?.metadata.resourceVersion).toBe(
      String(rv),
    );
    expect(await storage.get(`${prefix}a`, { resourceVersion: '0' })).toBeDefined();
    const current = await kv.currentRevision();
    await expectCode(
      storage.get(`${prefix}a`, { resourceVersion: String(current + 100) }),
      'ResourceVersionTooLarge',
      `Too large resource version: ${current + 100}, current: ${current}`,
    );
    // A revision that arrives within the wait is served.
    const waiting = storage.get(`${prefix}a`, { resourceVersion: String(current + 1) });
    await storage.create(`${prefix}b`, configMap('b'));
    expect(await waiting).toBeDefined();
    await expectCode(
      storage.get(`${prefix}a`, { resourceVersion: 'abc' }),
      'InvalidArgument',
      'invalid resource version: resourceVersion: Invalid value: "abc": strconv.ParseUint: parsing "abc": invalid syntax',
    );
  });

  it('guaranteedUpdate writes the new object at a new resourceVersion and ignores the one it carries', async () => {
    const { kv, storage, prefix } = await setup();
    const created = await storage.create(`${prefix}a`, configMap('a', { n: '1' }));
    const updated = await storage.guaranteedUpdate(`${prefix}a`, (cur) => ({
      ...cur!,
      metadata: { ...cur!.metadata, resourceVersion: '999' },
      data: { n: '2' },
    }));
    expect(Number(updated.metadata.resourceVersion)).toBe(Number(created.metadata.resourceVersion) + 1);
    expect(updated.data).toEqual({ n: '2' });
    expect(JSON.parse(text((await kv.get(`${prefix}a`)).kv!.value)).metadata.resourceVersion).toBeUndefined();
  });

  it('guaranteedUpdate that changes nothing writes nothing', async () => {
    const { kv, storage, prefix } = await setup();
    const created = await storage.create(`${prefix}a`, configMap('a', { n: '1' }));
    const before = await kv.currentRevision();
    const same = await storage.guaranteedUpdate(`${prefix}a`, (cur) => cur!);
    expect(same).toEqual(created);
    expect(await kv.currentRevision()).toBe(before);
  });

  it('guaranteedUpdate re-runs tryUpdate with the fresh object when another writer got there first', async () => {
    const { storage, prefix } = await setup();
    await storage.create(`${prefix}a`, configMap('a', { n: '0' }));
    const seen: string[] = [];
    const result = await storage.guaranteedUpdate(`${prefix}a`, async (cur) => {
      seen.push((cur!.data as Record<string, string>).n!);
      if (seen.length === 1) await storage.guaranteedUpdate(`${prefix}a`, (c) => ({ ...c!, data: { n: 'other' } }));
      return { ...cur!, data: { n: `${(cur!.data as Record<string, string>).n}+mine` } };
    });
    expect(seen).toEqual(['0', 'other']);
    expect(result.data).toEqual({ n: 'other+mine' });
  });

  it('concurrent guaranteedUpdates all apply (no lost update)', async () => {
    const { storage, prefix } = await setup();
    await storage.create(`${prefix}a`, configMap('a', { n: '0' }));
    const increment = (cur: KubeObject | undefined) => ({
      ...cur!,
      data: { n: String(Number((cur!.data as Record<string, string>).n) + 1) },
    });
    await Promise.all(Array.from({ length: 20 }, () => storage.guaranteedUpdate(`${prefix}a`, increment)));
    expect((await storage.get(`${prefix}a`))!.data).toEqual({ n: '20' });
  });

  it('guaranteedUpdate checks preconditions without retrying and keeps upstream wording', async () => {
    const { storage, prefix } = await setup();
    const created = await storage.create(`${prefix}a`, configMap('a'));
    let calls = 0;
    const tryUpdate = (cur: KubeObject | undefined) => {
      calls++;
      return cur!;
    };
    await expectCode(
      storage.guaranteedUpdate(`${prefix}a`, tryUpdate, { preconditions: { uid: 'other' } }),
      'ResourceVersionConflicts',
      `StorageError: invalid object, Code: 4, Key: ${prefix}a, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: UID in precondition: other, UID in object meta: uid-a`,
    );
    await expectCode(
      storage.guaranteedUpdate(`${prefix}a`, tryUpdate, { preconditions: { resourceVersion: '1' } }),
      'ResourceVersionConflicts',
      `StorageError: invalid object, Code: 4, Key: ${prefix}a, ResourceVersion: 0, AdditionalErrorMsg: Precondition failed: ResourceVersion in precondition: 1, ResourceVersion in object meta: ${created.metadata.resourceVersion}`,
    );
    expect(calls).toBe(0);
    await storage.guaranteedUpdate(`${prefix}a`, tryUpdate, {
      preconditions: { uid: 'uid-a', resourceVersion: created.metadata.resourceVersion! },
    });
    expect(calls).toBe(1);
  });

  it('guaranteedUpdate of a missing key: KeyNotFound, or create-on-update with ignoreNotFound', async () => {
    const { storage, prefix } = await setup();
    await expectCode(
      storage.guaranteedUpdate(`${prefix}a`, (cur) => cur!),
      'KeyNotFound',
    );
    const currents: (KubeObject | undefined)[] = [];
    const made = await storage.guaranteedUpdate(
      `${prefix}a`,
      (cur) => {
        currents.push(cur);
        return cur ?? configMap('a', { made: 'yes' });
      },
      { ignoreNotFound: true },
    );
    expect(currents).toEqual([undefined]);
    expect(made.data).toEqual({ made: 'yes' });
    expect(made.metadata.resourceVersion).toBeDefined();
  });

  it('create-on-update that loses the race to a create updates the winner instead', async () => {
    const { storage, prefix } = await setup();
    let calls = 0;
    const result = await storage.guaranteedUpdate(
      `${prefix}a`,
      async (cur) => {
        calls++;
        if (!cur) {
          await storage.create(`${prefix}a`, configMap('a', { by: 'winner' }));
          return configMap('a', { by: 'loser' });
        }
        return { ...cur, data: { ...(cur.data as object), updated: 'yes' } };
      },
      { ignoreNotFound: true },
    );
    expect(calls).toBe(2);
    expect(result.data).toEqual({ by: 'winner', updated: 'yes' });
  });

  it('an error thrown by tryUpdate aborts the update', async () => {
    const { kv, storage, prefix } = await setup();
    await storage.create(`${prefix}a`, configMap('a'));
    const before = await kv.currentRevision();
    const err = await rejection(
      storage.guaranteedUpdate(`${prefix}a`, () => {
        throw new Error('nope');
      }),
    );
    expect((err as Error).message).toBe('nope');
    expect(await kv.currentRevision()).toBe(before);
  });

  it('delete returns the last state at the deletion resourceVersion', async () => {
    const { kv, storage, prefix } = await setup();
    await storage.create(`${prefix}a`, configMap('a', { k: 'v' }));
    const deleted = await storage.delete(`${prefix}a`);
    expect(deleted.data).toEqual({ k: 'v' });
    expect(deleted.metadata.resourceVersion).toBe(String(await kv.currentRevision()));
    await expectCode(storage.delete(`${prefix}a`), 'KeyNotFound');
  });

  it('delete checks preconditions and validateDeletion, re-running validation after a conflict', async () => {
    const { storage, prefix } = await setup();
    await storage.create(`${prefix}a`, configMap('a', { n: '0' }));
    await expectCode(storage.delete(`${prefix}a`, { preconditions: { uid: 'x' } }), 'ResourceVersionConflicts');
    const refused = await rejection(
      storage.delete(`${prefix}a`, {
        validateDeletion: () => {
          throw new Error('has finalizers');
        },
      }),
    );
    expect((refused as Error).message).toBe('has finalizers');
    expect(await storage.get(`${prefix}a`)).toBeDefined();

    const validated: string[] = [];
    const deleted = await storage.delete(`${prefix}a`, {
      validateDeletion: async (cur) => {
        validated.push((cur.data as Record<string, string>).n!);
        if (validated.length === 1) await storage.guaranteedUpdate(`${prefix}a`, (c) => ({ ...c!, data: { n: '1' } }));
      },
    });
    expect(validated).toEqual(['0', '1']);
    expect(deleted.data).toEqual({ n: '1' });
  });

  it('currentResourceVersion follows writes', async () => {
    const { storage, prefix } = await setup();
    const created = await storage.create(`${prefix}a`, configMap('a'));
    expect(await storage.currentResourceVersion()).toBe(Number(created.metadata.resourceVersion));
  });
}
