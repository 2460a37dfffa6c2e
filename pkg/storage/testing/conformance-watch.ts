/**
 * watch cases of the Storage conformance suite (see conformance.ts).
 */
import { expect, it } from 'vitest';
import type { KubeObject } from '../../apis/meta/v1/types.js';
import { isStorageError } from '../errors/errors.js';
import type { Storage, StorageWatchEvent, WatchOptions } from '../interfaces.js';
import { eventually, sleep } from '../kv/testing/helpers.js';
import { configMap, rejection, type StorageCaseContext } from './conformance.js';

/** Reads a storage watch until `count` events (or `until` says stop); fails after `timeoutMs`. */
async function collect(
  storage: Storage,
  key: string,
  opts: Omit<WatchOptions, 'signal'>,
  count: number,
  timeoutMs = 5000,
): Promise<StorageWatchEvent[]> {
  const ac = new AbortController();
  const timer = setTimeout(() => ac.abort(), timeoutMs);
  const out: StorageWatchEvent[] = [];
  try {
    for await (const ev of storage.watch(key, { ...opts, signal: ac.signal })) {
      out.push(ev);
      if (out.length >= count) break;
    }
  } finally {
    clearTimeout(timer);
    ac.abort();
  }
  if (out.length < count)
    throw new Error(`expected ${count} watch events on ${key}, got ${out.length}: ${JSON.stringify(summary(out))}`);
  return out;
}

/** "TYPE name@rv" per event ("BOOKMARK@rv", with "!" when it ends the initial events). */
function summary(events: StorageWatchEvent[]): string[] {
  return events.map((e) =>
    e.type === 'BOOKMARK'
      ? `BOOKMARK@${e.resourceVersion}${e.initialEventsEnd ? '!' : ''}`
      : `${e.type} ${e.object.metadata.name}@${e.resourceVersion}`,
  );
}

const data = (o: KubeObject) => o.data as Record<string, string>;

export function registerWatchCases({ setup }: StorageCaseContext): void {
  it('resourceVersion unset or "0" starts with ADDED for the current state, then changes', async () => {
    const { storage, prefix } = await setup();
    const a = await storage.create(`${prefix}a`, configMap('a'));
    const b = await storage.create(`${prefix}b`, configMap('b'));
    for (const resourceVersion of [undefined, '0']) {
      const pending = collect(storage, prefix, resourceVersion === undefined ? {} : { resourceVersion }, 3);
      await sleep(30);
      const c = await storage.create(`${prefix}c${resourceVersion ?? ''}`, configMap(`c${resourceVersion ?? ''}`));
      const events = await pending;
      expect(summary(events)).toEqual([
        `ADDED a@${a.metadata.resourceVersion}`,
        `ADDED b@${b.metadata.resourceVersion}`,
        `ADDED ${c.metadata.name}@${c.metadata.resourceVersion}`,
      ]);
      expect(events[0]).toMatchObject({ object: { metadata: { resourceVersion: a.metadata.resourceVersion } } });
      await storage.delete(`${prefix}${c.metadata.name}`);
    }
  });

  it('sendInitialEvents sends ADDED then a BOOKMARK marking the end of the initial events', async () => {
    const { storage, prefix } = await setup();
    await storage.create(`${prefix}a`, configMap('a'));
    const rv = await storage.currentResourceVersion();
    const events = await collect(storage, prefix, { sendInitialEvents: true, resourceVersion: '' }, 2);
    expect(summary(events)).toEqual([`ADDED a@${rv}`, `BOOKMARK@${rv}!`]);
    const none = await storage.getList(prefix);
    expect(none.items).toHaveLength(1);
    // Explicitly false: no initial state, only what happens next.
    const pending = collect(storage, prefix, { sendInitialEvents: false }, 1);
    await sleep(30);
    const b = await storage.create(`${prefix}b`, configMap('b'));
    expect(summary(await pending)).toEqual([`ADDED b@${b.metadata.resourceVersion}`]);
  });

  it('a resourceVersion resumes after it: MODIFIED and DELETED (last state, deletion revision)', async () => {
    const { storage, prefix } = await setup();
    const a = await storage.create(`${prefix}a`, configMap('a', { n: '1' }));
    const m = await storage.guaranteedUpdate(`${prefix}a`, (c) => ({ ...c!, data: { n: '2' } }));
    const d = await storage.delete(`${prefix}a`);
    const events = await collect(storage, prefix, { resourceVersion: a.metadata.resourceVersion! }, 2);
    expect(summary(events)).toEqual([
      `MODIFIED a@${m.metadata.resourceVersion}`,
      `DELETED a@${d.metadata.resourceVersion}`,
    ]);
    const deleted = events[1] as { object: KubeObject };
    expect(data(deleted.object)).toEqual({ n: '2' });
    expect(deleted.object.metadata.resourceVersion).toBe(d.metadata.resourceVersion);
  });

  it('a compacted resourceVersion ends the watch with Compacted and the watch wording', async () => {
    const { kv, storage, prefix } = await setup();
    const a = await storage.create(`${prefix}a`, configMap('a'));
    await storage.create(`${prefix}b`, configMap('b'));
    await kv.compact(await kv.currentRevision());
    const iterator = storage
      .watch(prefix, {
        resourceVersion: String(Number(a.metadata.resourceVersion) - 1),
        signal: new AbortController().signal,
      })
      [Symbol.asyncIterator]();
    const err = await rejection(iterator.next());
    expect(isStorageError(err, 'Compacted')).toBe(true);
    expect((err as Error).message).toBe('The resourceVersion for the provided watch is too old.');
  });

  it('a predicate turns objects that start or stop matching into ADDED and DELETED', async () => {
    const { storage, prefix } = await setup();
    const start = String(await storage.currentResourceVersion());
    const set = (label: string) => (c: KubeObject | undefined) => ({
      ...c!,
      metadata: { ...c!.metadata, labels: { app: label } },
    });
    await storage.create(`${prefix}a`, configMap('a', {}, { app: 'web' }));
    await storage.create(`${prefix}b`, configMap('b', {}, { app: 'db' }));
    await storage.guaranteedUpdate(`${prefix}a`, (c) => ({ ...c!, data: { touched: 'yes' } })); // web → web
    const left = await storage.guaranteedUpdate(`${prefix}a`, set('db')); // web → db: leaves
    await storage.guaranteedUpdate(`${prefix}b`, set('web')); // db → web: joins
    await storage.guaranteedUpdate(`${prefix}a`, (c) => ({ ...c!, data: { again: 'yes' } })); // db → db: unseen
    await storage.delete(`${prefix}b`);
    await storage.delete(`${prefix}a`); // not matching: unseen
    const events = await collect(
      storage,
      prefix,
      { resourceVersion: start, predicate: (o) => o.metadata.labels?.app === 'web' },
      5,
    );
    expect(events.map((e) => (e.type === 'BOOKMARK' ? e.type : `${e.type} ${e.object.metadata.name}`))).toEqual([
      'ADDED a',
      'MODIFIED a',
      'DELETED a',
      'ADDED b',
      'DELETED b',
    ]);
    const gone = events[2] as { object: KubeObject; resourceVersion: number };
    expect(gone.object.metadata.labels).toEqual({ app: 'web' }); // the object as it last matched …
    expect(gone.resourceVersion).toBe(Number(left.metadata.resourceVersion)); // … at the revision it stopped
    expect(gone.object.metadata.resourceVersion).toBe(left.metadata.resourceVersion);
  });

  it('a key without a trailing slash watches that one key only', async () => {
    const { storage, prefix } = await setup();
    const a = await storage.create(`${prefix}a`, configMap('a'));
    const pending = collect(storage, `${prefix}a`, {}, 3);
    await sleep(30);
    await storage.create(`${prefix}ab`, configMap('ab'));
    await storage.create(`${prefix}a/child`, configMap('child'));
    const m = await storage.guaranteedUpdate(`${prefix}a`, (c) => ({ ...c!, data: { x: '1' } }));
    const d = await storage.delete(`${prefix}a`);
    expect(summary(await pending)).toEqual([
      `ADDED a@${a.metadata.resourceVersion}`,
      `MODIFIED a@${m.metadata.resourceVersion}`,
      `DELETED a@${d.metadata.resourceVersion}`,
    ]);
  });

  it('bookmarks come periodically and advance with writes elsewhere', async () => {
    const { storage, prefix } = await setup();
    const start = await storage.currentResourceVersion();
    const ac = new AbortController();
    const bookmarks: number[] = [];
    const done = (async () => {
      for await (const ev of storage.watch(prefix, {
        resourceVersion: String(start),
        bookmarkIntervalMs: 50,
        signal: ac.signal,
      })) {
        if (ev.type === 'BOOKMARK') bookmarks.push(ev.resourceVersion);
      }
    })();
    const elsewhere = await storage.create(`${prefix.slice(0, -1)}-other/x`, configMap('x'));
    await eventually(
      () => bookmarks.some((rv) => rv >= Number(elsewhere.metadata.resourceVersion)),
      8000,
      'a bookmark past the write elsewhere',
    );
    ac.abort();
    await done;
    expect(bookmarks[0]).toBeGreaterThanOrEqual(start);
  }, 15_000);

  it('aborting the signal or returning the iterator ends an idle watch at once', async () => {
    const { storage, prefix } = await setup();
    const ac = new AbortController();
    const iterator = storage.watch(prefix, { signal: ac.signal })[Symbol.asyncIterator]();
    const pending = iterator.next();
    await sleep(20);
    ac.abort();
    expect(await pending).toEqual({ done: true, value: undefined });

    const iterator2 = storage.watch(prefix, { signal: new AbortController().signal })[Symbol.asyncIterator]();
    const pending2 = iterator2.next();
    await sleep(20);
    const returned = iterator2.return!();
    expect(await Promise.race([returned.then(() => 'returned'), sleep(2000).then(() => 'stuck')])).toBe('returned');
    expect(await pending2).toEqual({ done: true, value: undefined });
  });
}
