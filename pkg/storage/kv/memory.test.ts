import { describe, expect, it } from 'vitest';
import { isStorageError } from '../errors/errors.js';
import { newMemoryKV, type MemoryKV } from './memory.js';
import { runKVConformance } from './testing/conformance.js';
import { bytes, text } from './testing/helpers.js';
import type { KV, KVEvent } from './types.js';

const watcherCount = async (kv: KV) => (kv as MemoryKV).watcherCount;

runKVConformance('memory', async () => newMemoryKV(), { watcherCount });
// Tiny queues push every watch case through the fallen-behind path: unsync, read the log, resync.
runKVConformance('memory with tiny watch queues', async () => newMemoryKV({ maxQueuedEvents: 3, catchUpBatch: 2 }), {
  watcherCount,
  manyWatchers: 100,
});

describe('memory KV', () => {
  it('ends a fallen-behind watcher with Compacted when compaction removes what it still needs', async () => {
    const kv = newMemoryKV({ maxQueuedEvents: 5 });
    const ac = new AbortController();
    const iterator = kv.watch('/p/', 1, ac.signal)[Symbol.asyncIterator]();
    const first = iterator.next();
    for (let i = 0; i < 20; i++) await kv.create(`/p/${i}`, bytes(String(i)));
    expect((await first).value).toHaveLength(1);
    expect((await iterator.next()).value).toHaveLength(5); // the queue, then it stopped receiving pushes
    await kv.compact(await kv.currentRevision());
    const err = await iterator.next().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isStorageError(err, 'Compacted')).toBe(true);
    expect(kv.watcherCount).toBe(0);
  });

  it('close ends every watcher and refuses further calls', async () => {
    const kv = newMemoryKV();
    const iterator = kv.watch('/p/', 1, new AbortController().signal)[Symbol.asyncIterator]();
    const pending = iterator.next();
    await kv.close();
    expect(await pending).toEqual({ done: true, value: undefined });
    expect(kv.watcherCount).toBe(0);
    await expect(kv.get('/p/a')).rejects.toMatchObject({ code: 'Unreachable' });
  });

  it('a watch from a future revision skips everything up to it', async () => {
    const kv = newMemoryKV();
    const ac = new AbortController();
    const iterator = kv.watch('/p/', 3, ac.signal)[Symbol.asyncIterator]();
    const pending = iterator.next();
    for (let i = 0; i < 4; i++) await kv.create(`/p/${i}`, bytes(String(i))); // revisions 2..5
    expect((await pending).value?.map((e: KVEvent) => e.kv.modRevision)).toEqual([4]);
    expect((await iterator.next()).value?.map((e: KVEvent) => e.kv.modRevision)).toEqual([5]);
    ac.abort();
  });

  it('lists 10,000 keys and serves gets quickly', async () => {
    const kv = newMemoryKV();
    const value = bytes('x'.repeat(100));
    for (let i = 0; i < 10_000; i++) await kv.create(`/registry/pods/ns${i % 10}/pod-${i}`, value);
    let started = performance.now();
    const all = await kv.list('/registry/pods/');
    const listMs = performance.now() - started;
    expect(all.kvs).toHaveLength(10_000);
    started = performance.now();
    for (let i = 0; i < 10_000; i++) await kv.get(`/registry/pods/ns${i % 10}/pod-${i}`);
    const getMs = performance.now() - started;
    // Generous bounds: they only catch accidental O(n²) on a busy shared machine.
    expect(listMs).toBeLessThan(250);
    expect(getMs).toBeLessThan(500);
    expect(text((await kv.list('/registry/pods/ns3/', { limit: 1 })).kvs[0]!.value)).toHaveLength(100);
  });

  it('compaction keeps only the history it must, so old versions are released', async () => {
    const kv = newMemoryKV();
    let { revision } = await kv.create('/k', bytes('0'));
    for (let i = 1; i <= 100; i++) ({ revision } = await kv.update('/k', bytes(String(i)), revision));
    await kv.compact(revision - 1);
    expect(text((await kv.get('/k', { revision: revision - 1 })).kv!.value)).toBe('99');
    await expect(kv.get('/k', { revision: revision - 2 })).rejects.toMatchObject({ code: 'Compacted' });
    expect(text((await kv.get('/k')).kv!.value)).toBe('100');
  });
});
