/**
 * The watch half of the KV conformance suite (see conformance.ts).
 */
import { expect } from 'vitest';
import type { KVEvent } from '../types.js';
import type { CaseContext } from './conformance.js';
import { bytes, collectEvents, describeEvents, eventually, sleep, text, uniquePrefix } from './helpers.js';

export function registerWatchCases({ newKV, test, options }: CaseContext): void {
  test('watch delivers every change after the start revision in order, with previous values', async () => {
    const kv = await newKV();
    const p = uniquePrefix();
    const { revision: start } = await kv.create(`${p}before`, bytes('not seen'));
    const { revision: r1 } = await kv.create(`${p}a`, bytes('v1'));
    await kv.update(`${p}a`, bytes('v2'), r1);
    await kv.delete(`${p}a`);
    await kv.create(`${p}b`, bytes('b1'));
    const events = await collectEvents(kv, p, start, 4);
    expect(describeEvents(events, p)).toEqual([
      `PUT a@${r1}`,
      `PUT a@${r1 + 1}`,
      `DELETE a@${r1 + 2}`,
      `PUT b@${r1 + 3}`,
    ]);
    const [created, updated, deleted] = events as [KVEvent, KVEvent, KVEvent];
    expect(created.prevKv).toBeUndefined();
    expect(created.kv).toMatchObject({ createRevision: r1, modRevision: r1 });
    expect(text(updated.kv.value)).toBe('v2');
    expect(updated.prevKv).toMatchObject({ modRevision: r1 });
    expect(text(updated.prevKv!.value)).toBe('v1');
    expect(deleted.kv.value).toHaveLength(0);
    expect(text(deleted.prevKv!.value)).toBe('v2');
  });

  test('a live watch sees writes made after it started, each exactly once', async () => {
    const kv = await newKV();
    const p = uniquePrefix();
    const start = await kv.currentRevision();
    const pending = collectEvents(kv, p, start, 50);
    await sleep(20);
    const writes = await Promise.all(Array.from({ length: 50 }, (_, i) => kv.create(`${p}k${i}`, bytes(String(i)))));
    const events = await pending;
    const revisions = events.map((e) => e.kv.modRevision);
    expect(revisions).toEqual([...revisions].sort((a, b) => a - b));
    expect(new Set(revisions).size).toBe(50);
    expect(revisions.sort((a, b) => a - b)).toEqual(writes.map((w) => w.revision).sort((a, b) => a - b));
  });

  test('watch resumes from a past revision with exactly the events after it', async () => {
    const kv = await newKV();
    const p = uniquePrefix();
    const start = await kv.currentRevision();
    for (let i = 0; i < 10; i++) await kv.create(`${p}k${i}`, bytes(String(i)));
    const all = await collectEvents(kv, p, start, 10);
    const resumeAfter = all[4]!.kv.modRevision;
    const rest = await collectEvents(kv, p, resumeAfter, 5);
    expect(describeEvents(rest)).toEqual(describeEvents(all.slice(5)));
  });

  test('watch sees only its prefix', async () => {
    const kv = await newKV();
    const p = uniquePrefix();
    const start = await kv.currentRevision();
    await kv.create(`${p.slice(0, -1)}x/a`, bytes('neighbour'));
    await kv.create(p.slice(0, -1), bytes('parent key'));
    await kv.create(`${p}mine`, bytes('mine'));
    const events = await collectEvents(kv, p, start, 1);
    expect(events.map((e) => e.kv.key)).toEqual([`${p}mine`]);
  });

  test('many concurrent watchers each receive every event', async () => {
    const kv = await newKV();
    const p = uniquePrefix();
    const n = options.manyWatchers ?? 1000;
    const start = await kv.currentRevision();
    const watchers = Array.from({ length: n }, (_, i) =>
      collectEvents(kv, i % 2 === 0 ? p : `${p}even/`, start, i % 2 === 0 ? 20 : 10, 15_000),
    );
    await sleep(50);
    for (let i = 0; i < 10; i++) {
      await kv.create(`${p}even/${i}`, bytes(String(i)));
      await kv.create(`${p}odd${i}`, bytes(String(i)));
    }
    const results = await Promise.all(watchers);
    for (const [i, events] of results.entries()) {
      expect(events).toHaveLength(i % 2 === 0 ? 20 : 10);
      const revs = events.map((e) => e.kv.modRevision);
      expect(revs).toEqual([...revs].sort((a, b) => a - b));
    }
  }, 30_000);

  test('a consumer that does not read while hundreds of writes happen still gets all of them in order', async () => {
    const kv = await newKV();
    const p = uniquePrefix();
    const start = await kv.currentRevision();
    const ac = new AbortController();
    const iterator = kv.watch(p, start, ac.signal)[Symbol.asyncIterator]();
    const first = iterator.next();
    for (let i = 0; i < 300; i++) await kv.create(`${p}k${String(i).padStart(3, '0')}`, bytes(String(i)));
    const events: KVEvent[] = [];
    let r = await first;
    const deadline = Date.now() + 10_000;
    while (!r.done) {
      events.push(...r.value);
      if (events.length >= 300 || Date.now() > deadline) break;
      r = await iterator.next();
    }
    ac.abort();
    expect(events.map((e) => text(e.kv.value))).toEqual(Array.from({ length: 300 }, (_, i) => String(i)));
  });

  test('aborting a watch ends its iterator and frees the watcher', async () => {
    const kv = await newKV();
    const p = uniquePrefix();
    const count = options.watcherCount;
    const before = count ? await settledCount(() => count(kv)) : 0;
    const ac = new AbortController();
    const iterator = kv.watch(p, await kv.currentRevision(), ac.signal)[Symbol.asyncIterator]();
    const pending = iterator.next();
    if (count) await eventually(async () => (await count(kv)) === before + 1, 5000, 'the watcher to register');
    ac.abort();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
    if (count) await eventually(async () => (await count(kv)) === before, 5000, 'the watcher to be freed');
  });

  test('breaking out of for-await frees the watcher', async () => {
    const kv = await newKV();
    const p = uniquePrefix();
    const count = options.watcherCount;
    const before = count ? await settledCount(() => count(kv)) : 0;
    const start = await kv.currentRevision();
    await kv.create(`${p}a`, bytes('a'));
    const signal = new AbortController().signal; // never aborted: only the break ends it
    for await (const batch of kv.watch(p, start, signal)) {
      expect(batch.length).toBeGreaterThan(0);
      break;
    }
    if (count) await eventually(async () => (await count(kv)) === before, 5000, 'the watcher to be freed');
  });

  test('a watch whose signal is already aborted yields nothing', async () => {
    const kv = await newKV();
    const p = uniquePrefix();
    const start = await kv.currentRevision();
    await kv.create(`${p}a`, bytes('a'));
    const batches: KVEvent[][] = [];
    for await (const batch of kv.watch(p, start, AbortSignal.abort())) batches.push(batch);
    expect(batches).toEqual([]);
  });

  test('progress notifications report a revision covering everything delivered', async () => {
    const kv = await newKV();
    const p = uniquePrefix();
    const start = await kv.currentRevision();
    const ac = new AbortController();
    let progress = 0;
    const seen: number[] = [];
    const done = (async () => {
      for await (const batch of kv.watch(p, start, ac.signal, {
        progressIntervalMs: 50,
        onProgress: (r) => (progress = Math.max(progress, r)),
      })) {
        // Every event delivered must be newer than any progress reported before it.
        for (const e of batch) {
          expect(e.kv.modRevision).toBeGreaterThan(progress);
          seen.push(e.kv.modRevision);
        }
      }
    })();
    const { revision: mine } = await kv.create(`${p}a`, bytes('a'));
    const { revision: other } = await kv.create(`${p.slice(0, -1)}-elsewhere/b`, bytes('b'));
    await eventually(() => progress >= other, 8000, `progress to reach ${other}`);
    ac.abort();
    await done;
    expect(seen).toEqual([mine]);
  }, 15_000);
}

/** A watcher count that stopped changing: watchers ended by earlier cases may take a moment to go. */
async function settledCount(count: () => Promise<number>): Promise<number> {
  let previous = await count();
  for (let i = 0; i < 100; i++) {
    await sleep(30);
    const now = await count();
    if (now === previous) return now;
    previous = now;
  }
  return previous;
}
