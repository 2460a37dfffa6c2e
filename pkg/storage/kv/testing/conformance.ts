/**
 * The KV conformance suite (hono's common.case pattern): every backend's test file calls
 * `runKVConformance(name, factory)` and so proves the contract of kv/types.ts. Cases only use
 * keys under a fresh prefix and revisions relative to their own writes, so they also run against
 * a shared etcd that other cases (and earlier runs) have written to.
 *
 * @example
 *   runKVConformance('memory', async () => newMemoryKV(), { watcherCount: async (kv) => (kv as MemoryKV).watcherCount });
 */
import { afterEach, describe, expect, it } from 'vitest';
import { isStorageError } from '../../errors/errors.js';
import type { KV } from '../types.js';
import { registerWatchCases } from './conformance-watch.js';
import { bytes, text, uniquePrefix } from './helpers.js';

export type KVFactory = () => Promise<KV>;

export interface KVConformanceOptions {
  /** The backend's count of live watchers, to prove that cancelling a watch frees it. */
  watcherCount?: (kv: KV) => Promise<number>;
  /** Concurrent watchers in the fan-out case (default 1,000). */
  manyWatchers?: number;
  /** Case names to skip, each with the reason. */
  skip?: Record<string, string>;
}

/** What each group of cases gets: a fresh KV per case (closed afterwards) and the options. */
export interface CaseContext {
  newKV(): Promise<KV>;
  options: KVConformanceOptions;
  /** `it`, or `it.skip` with the reason in the title when the backend opted out. */
  test(name: string, fn: () => Promise<void>, timeoutMs?: number): void;
}

export function runKVConformance(name: string, factory: KVFactory, options: KVConformanceOptions = {}): void {
  describe(`KV conformance: ${name}`, () => {
    const open: KV[] = [];
    afterEach(async () => {
      await Promise.all(open.splice(0).map((kv) => kv.close()));
    });
    const ctx: CaseContext = {
      options,
      async newKV() {
        const kv = await factory();
        open.push(kv);
        return kv;
      },
      test(caseName, fn, timeoutMs) {
        const reason = options.skip?.[caseName];
        if (reason) it.skip(`${caseName} (skipped: ${reason})`, fn);
        else it(caseName, fn, timeoutMs);
      },
    };
    registerCrudCases(ctx);
    registerListCases(ctx);
    registerCompactionCases(ctx);
    registerWatchCases(ctx);
  });
}

async function expectStorageError(
  promise: Promise<unknown>,
  code: Parameters<typeof isStorageError>[1],
): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(isStorageError(err, code), `expected StorageError ${code}, got ${String(err)}`).toBe(true);
}

function registerCrudCases({ newKV, test }: CaseContext): void {
  test('create then get returns the value with its create and mod revisions', async () => {
    const kv = await newKV();
    const p = uniquePrefix();
    const before = await kv.currentRevision();
    const { revision } = await kv.create(`${p}a`, bytes('one'));
    expect(revision).toBe(before + 1);
    const got = await kv.get(`${p}a`);
    expect(got.revision).toBe(revision);
    expect(got.kv && text(got.kv.value)).toBe('one');
    expect(got.kv).toMatchObject({ key: `${p}a`, createRevision: revision, modRevision: revision });
    expect(await kv.currentRevision()).toBe(revision);
  });

  test('create of an existing key throws KeyExists and writes nothing', async () => {
    const kv = await newKV();
    const p = uniquePrefix();
    const { revision } = await kv.create(`${p}a`, bytes('one'));
    await expectStorageError(kv.create(`${p}a`, bytes('two')), 'KeyExists');
    expect(await kv.currentRevision()).toBe(revision);
    expect(text((await kv.get(`${p}a`)).kv!.value)).toBe('one');
  });

  test('get of a missing key has no kv and reports the current revision', async () => {
    const kv = await newKV();
    const p = uniquePrefix();
    const { revision } = await kv.create(`${p}a`, bytes('x'));
    const got = await kv.get(`${p}missing`);
    expect(got.kv).toBeUndefined();
    expect(got.revision).toBe(revision);
  });

  test('update applies only at the expected modRevision and a miss returns the current value', async () => {
    const kv = await newKV();
    const p = uniquePrefix();
    const { revision: r1 } = await kv.create(`${p}a`, bytes('v1'));
    const ok = await kv.update(`${p}a`, bytes('v2'), r1);
    expect(ok.ok).toBe(true);
    expect(ok.revision).toBe(r1 + 1);
    expect(ok.kv).toMatchObject({ createRevision: r1, modRevision: r1 + 1 });
    expect(text(ok.kv!.value)).toBe('v2');

    const miss = await kv.update(`${p}a`, bytes('v3'), r1);
    expect(miss.ok).toBe(false);
    expect(miss.revision).toBe(r1 + 1);
    expect(miss.kv).toMatchObject({ modRevision: r1 + 1 });
    expect(text(miss.kv!.value)).toBe('v2');
    expect(await kv.currentRevision()).toBe(r1 + 1);
  });

  test('update of a missing key misses without creating it', async () => {
    const kv = await newKV();
    const p = uniquePrefix();
    const { revision } = await kv.create(`${p}other`, bytes('x'));
    for (const rev of [0, revision, revision + 5]) {
      const miss = await kv.update(`${p}a`, bytes('v'), rev);
      expect(miss).toMatchObject({ ok: false });
      expect(miss.kv).toBeUndefined();
    }
    expect((await kv.get(`${p}a`)).kv).toBeUndefined();
    expect(await kv.currentRevision()).toBe(revision);
  });

  test('delete removes the key; a stale or missing key is a miss', async () => {
    const kv = await newKV();
    const p = uniquePrefix();
    const { revision: r1 } = await kv.create(`${p}a`, bytes('v1'));
    const { revision: r2 } = await kv.create(`${p}b`, bytes('v1'));

    const stale = await kv.delete(`${p}a`, r1 - 1);
    expect(stale.ok).toBe(false);
    expect(stale.kv).toMatchObject({ modRevision: r1 });

    const del = await kv.delete(`${p}a`, r1);
    expect(del).toMatchObject({ ok: true, revision: r2 + 1 });
    expect(del.kv).toMatchObject({ key: `${p}a`, modRevision: r1 });
    expect(text(del.kv!.value)).toBe('v1');
    expect((await kv.get(`${p}a`)).kv).toBeUndefined();

    const unconditional = await kv.delete(`${p}b`);
    expect(unconditional).toMatchObject({ ok: true, revision: r2 + 2 });

    const missing = await kv.delete(`${p}a`);
    expect(missing.ok).toBe(false);
    expect(missing.kv).toBeUndefined();
    expect(await kv.currentRevision()).toBe(r2 + 2);
  });

  test('recreating a deleted key starts a new createRevision', async () => {
    const kv = await newKV();
    const p = uniquePrefix();
    const { revision: r1 } = await kv.create(`${p}a`, bytes('v1'));
    await kv.delete(`${p}a`);
    const { revision: r3 } = await kv.create(`${p}a`, bytes('v2'));
    expect(r3).toBe(r1 + 2);
    expect((await kv.get(`${p}a`)).kv).toMatchObject({ createRevision: r3, modRevision: r3 });
  });

  test('concurrent compare-and-swap on one key lets exactly one writer win', async () => {
    const kv = await newKV();
    const p = uniquePrefix();
    const { revision } = await kv.create(`${p}a`, bytes('0'));
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => kv.update(`${p}a`, bytes(String(i)), revision)),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of results.filter((r) => !r.ok)) expect(r.kv?.modRevision).toBe(revision + 1);
  });

  test('reads at a past revision see the state of that revision', async () => {
    const kv = await newKV();
    const p = uniquePrefix();
    const { revision: r1 } = await kv.create(`${p}a`, bytes('v1'));
    const { revision: r2 } = await kv.update(`${p}a`, bytes('v2'), r1);
    await kv.create(`${p}b`, bytes('b'));
    await kv.delete(`${p}a`);

    expect(text((await kv.get(`${p}a`, { revision: r1 })).kv!.value)).toBe('v1');
    expect(text((await kv.get(`${p}a`, { revision: r2 })).kv!.value)).toBe('v2');
    expect((await kv.get(`${p}a`)).kv).toBeUndefined();
    expect((await kv.get(`${p}b`, { revision: r2 })).kv).toBeUndefined();

    const atR2 = await kv.list(p, { revision: r2 });
    expect(atR2.revision).toBe(r2);
    expect(atR2.kvs.map((k) => text(k.value))).toEqual(['v2']);
    expect((await kv.list(p)).kvs.map((k) => k.key)).toEqual([`${p}b`]);
  });

  test('reads at a future revision throw ResourceVersionTooLarge', async () => {
    const kv = await newKV();
    const p = uniquePrefix();
    const { revision } = await kv.create(`${p}a`, bytes('v1'));
    await expectStorageError(kv.get(`${p}a`, { revision: revision + 1000 }), 'ResourceVersionTooLarge');
    await expectStorageError(kv.list(p, { revision: revision + 1000 }), 'ResourceVersionTooLarge');
  });
}

function registerListCases({ newKV, test }: CaseContext): void {
  test('list returns keys under the prefix in byte order and nothing beside it', async () => {
    const kv = await newKV();
    const p = uniquePrefix();
    const parent = p.slice(0, -1);
    const names = ['b', 'a/b', 'a-b', 'B', 'a', 'z\u00e9', '0'];
    for (const n of names) await kv.create(`${p}${n}`, bytes(n));
    await kv.create(parent, bytes('the prefix itself, without slash'));
    await kv.create(`${parent}x/a`, bytes('a neighbour'));
    const listed = await kv.list(p);
    expect(listed.kvs.map((k) => k.key.slice(p.length))).toEqual(['0', 'B', 'a', 'a-b', 'a/b', 'b', 'z\u00e9']);
    expect(listed).toMatchObject({ more: false, remaining: 0 });
    expect(listed.revision).toBe(await kv.currentRevision());
  });

  test('list pages with limit and startKey, reporting more and remaining', async () => {
    const kv = await newKV();
    const p = uniquePrefix();
    for (let i = 0; i < 25; i++) await kv.create(`${p}k${String(i).padStart(2, '0')}`, bytes(String(i)));
    const first = await kv.list(p, { limit: 10 });
    expect(first.kvs).toHaveLength(10);
    expect(first).toMatchObject({ more: true, remaining: 15 });

    const seen: string[] = first.kvs.map((k) => k.key);
    let page = first;
    while (page.more) {
      page = await kv.list(p, {
        limit: 10,
        startKey: `${page.kvs[page.kvs.length - 1]!.key}\x00`,
        revision: first.revision,
      });
      expect(page.revision).toBe(first.revision);
      seen.push(...page.kvs.map((k) => k.key));
    }
    expect(page).toMatchObject({ more: false, remaining: 0 });
    expect(seen).toEqual(Array.from({ length: 25 }, (_, i) => `${p}k${String(i).padStart(2, '0')}`));
    expect((await kv.list(p, { limit: 100 })).more).toBe(false);
    expect((await kv.list(p, { limit: 25 })).more).toBe(false);
  });

  test('paging at a fixed revision is stable while others write concurrently', async () => {
    const kv = await newKV();
    const p = uniquePrefix();
    for (let i = 0; i < 30; i++) await kv.create(`${p}k${String(i).padStart(2, '0')}`, bytes('orig'));
    const first = await kv.list(p, { limit: 7 });
    const seen = first.kvs.map((k) => `${k.key}=${text(k.value)}`);
    let startKey = `${first.kvs[first.kvs.length - 1]!.key}\x00`;
    for (let round = 0; ; round++) {
      // Between pages: update, delete and create keys on both sides of the cursor.
      await Promise.all([
        kv.create(`${p}k${String(round).padStart(2, '0')}x`, bytes('new')),
        kv.delete(`${p}k${String(29 - round).padStart(2, '0')}`),
        kv.list(p).then((l) => kv.update(l.kvs[0]!.key, bytes('changed'), l.kvs[0]!.modRevision)),
      ]);
      const page = await kv.list(p, { limit: 7, startKey, revision: first.revision });
      seen.push(...page.kvs.map((k) => `${k.key}=${text(k.value)}`));
      if (!page.more) break;
      startKey = `${page.kvs[page.kvs.length - 1]!.key}\x00`;
    }
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => `${p}k${String(i).padStart(2, '0')}=orig`));
  });
}

function registerCompactionCases({ newKV, test }: CaseContext): void {
  test('after compaction, reads and watches before the compacted revision throw Compacted', async () => {
    const kv = await newKV();
    const p = uniquePrefix();
    const { revision: r1 } = await kv.create(`${p}a`, bytes('v1'));
    const { revision: r2 } = await kv.update(`${p}a`, bytes('v2'), r1);
    const { revision: r3 } = await kv.update(`${p}a`, bytes('v3'), r2);
    await kv.compact(r2);
    expect(await kv.compactedRevision()).toBe(r2);

    await expectStorageError(kv.get(`${p}a`, { revision: r1 }), 'Compacted');
    await expectStorageError(kv.list(p, { revision: r1 }), 'Compacted');
    expect(text((await kv.get(`${p}a`, { revision: r2 })).kv!.value)).toBe('v2');
    expect(text((await kv.get(`${p}a`, { revision: r3 })).kv!.value)).toBe('v3');

    const ac = new AbortController();
    // Strictly before the kept history (etcd still serves the events of the compacted revision itself).
    const iterator = kv.watch(p, r1 - 1, ac.signal)[Symbol.asyncIterator]();
    await expectStorageError(iterator.next(), 'Compacted');
    ac.abort();

    const fromR2: string[] = [];
    const ac2 = new AbortController();
    for await (const batch of kv.watch(p, r2, ac2.signal)) {
      fromR2.push(...batch.map((e) => text(e.kv.value)));
      break;
    }
    ac2.abort();
    expect(fromR2).toEqual(['v3']);

    await expectStorageError(kv.compact(r1), 'Compacted');
  });

  test('a key deleted before the compacted revision is gone; one deleted after stays readable before its deletion', async () => {
    const kv = await newKV();
    const p = uniquePrefix();
    await kv.create(`${p}gone`, bytes('g'));
    await kv.delete(`${p}gone`);
    const { revision: r3 } = await kv.create(`${p}kept`, bytes('k'));
    const { revision: r4 } = await kv.delete(`${p}kept`);
    await kv.compact(r3);
    expect((await kv.list(p, { revision: r3 })).kvs.map((k) => k.key)).toEqual([`${p}kept`]);
    expect((await kv.list(p, { revision: r4 })).kvs).toEqual([]);
    const { revision: r5 } = await kv.create(`${p}gone`, bytes('again'));
    expect((await kv.get(`${p}gone`)).kv).toMatchObject({ createRevision: r5 });
  });
}
