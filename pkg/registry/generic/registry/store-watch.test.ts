import { describe, expect, it } from 'vitest';
import type { KubeObject, WatchEvent } from '../../../apis/meta/v1/types.js';
import { parseSelector as parseFields } from '../../../fields/parse.js';
import { parse as parseLabels } from '../../../labels/parse.js';
import { defaultUpdatedObjectInfo } from '../../rest/update.js';
import { cm, ctxIn, newBackend, newConfigMapStore, newPodStores, statusOf } from './testing/fixtures.js';

const ns = ctxIn('default');

/** Collects `count` events (bounded in time) and stops the watch. */
async function take(
  events: AsyncIterable<WatchEvent<KubeObject>>,
  count: number,
  abort: AbortController,
): Promise<WatchEvent<KubeObject>[]> {
  const out: WatchEvent<KubeObject>[] = [];
  const timer = setTimeout(() => abort.abort(), 5000);
  try {
    for await (const ev of events) {
      out.push(ev);
      if (out.length >= count) break;
    }
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
  return out;
}

describe('Store.list', () => {
  it('filters by labels and fields and returns a typed list whose items carry no kind', async () => {
    const store = newConfigMapStore(newBackend());
    await store.create(ns, cm('a', {}, { app: 'x' }));
    await store.create(ns, cm('b', {}, { app: 'y' }));
    await store.create(ctxIn('other'), cm('c', {}, { app: 'x' }));
    const byLabel = await store.list(ctxIn(), { labelSelector: parseLabels('app=x') });
    expect(byLabel).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMapList' });
    expect(byLabel.items.map((i) => `${i.metadata.namespace}/${i.metadata.name}`)).toEqual(['default/a', 'other/c']);
    expect(byLabel.items[0]?.kind).toBeUndefined();
    expect(Number(byLabel.metadata.resourceVersion)).toBeGreaterThan(0);
    const byField = await store.list(ctxIn(), { fieldSelector: parseFields('metadata.namespace=other') });
    expect(byField.items.map((i) => i.metadata.name)).toEqual(['c']);
    const inNamespace = await store.list(ns, { fieldSelector: parseFields('metadata.name!=a') });
    expect(inNamespace.items.map((i) => i.metadata.name)).toEqual(['b']);
  });

  it('rejects unsupported field labels with 400 and the upstream message for the resource', async () => {
    const backend = newBackend();
    expect(
      await statusOf(newConfigMapStore(backend).list(ns, { fieldSelector: parseFields('data.x=1') })),
    ).toMatchObject({
      code: 400,
      message: '"data.x" is not a known field selector: only "metadata.name", "metadata.namespace"',
    });
    const { pods } = newPodStores(backend);
    expect(await statusOf(pods.list(ns, { fieldSelector: parseFields('spec.host=1') }))).toMatchObject({
      code: 400,
      message: 'field label not supported: spec.host',
    });
  });

  it('selects on resource-specific fields', async () => {
    const { pods } = newPodStores(newBackend());
    await pods.create(ns, { metadata: { name: 'p1' }, spec: { nodeName: 'n1' } });
    await pods.create(ns, { metadata: { name: 'p2' }, spec: { nodeName: 'n2' } });
    const onN1 = await pods.list(ns, { fieldSelector: parseFields('spec.nodeName=n1') });
    expect(onN1.items.map((i) => i.metadata.name)).toEqual(['p1']);
  });

  it('pages with limit and continue, reporting the remaining count', async () => {
    const store = newConfigMapStore(newBackend());
    for (const n of ['a', 'b', 'c', 'd', 'e']) await store.create(ns, cm(n));
    const first = await store.list(ns, { limit: 2 });
    expect(first.items.map((i) => i.metadata.name)).toEqual(['a', 'b']);
    expect(first.metadata.remainingItemCount).toBe(3);
    expect(first.metadata.continue).toBeTruthy();
    await store.create(ns, cm('f'));
    const second = await store.list(ns, { limit: 10, continue: first.metadata.continue! });
    // The continuation reads the list at the first page's revision: 'f' is not in it.
    expect(second.items.map((i) => i.metadata.name)).toEqual(['c', 'd', 'e']);
    expect(second.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    expect(second.metadata.continue).toBeUndefined();
  });

  it('answers 410 Expired for a list or continue token at a compacted revision', async () => {
    const backend = newBackend();
    const store = newConfigMapStore(backend);
    const a = await store.create(ns, cm('a'));
    for (const n of ['b', 'c', 'd']) await store.create(ns, cm(n));
    const page = await store.list(ns, { limit: 1 });
    await store.update(ns, 'a', defaultUpdatedObjectInfo({ ...a, data: { k: 'v' } }));
    await backend.kv.compact(await backend.storage.currentResourceVersion());
    expect(
      await statusOf(store.list(ns, { resourceVersion: a.metadata.resourceVersion!, resourceVersionMatch: 'Exact' })),
    ).toMatchObject({
      code: 410,
      reason: 'Expired',
      message: 'The resourceVersion for the provided list is too old.',
    });
    const expired = await statusOf(store.list(ns, { limit: 1, continue: page.metadata.continue! }));
    expect(expired).toMatchObject({ code: 410, reason: 'Expired' });
    expect(expired.message).toMatch(
      /^The provided continue parameter is too old to display a consistent list result\./,
    );
  });

  it('answers 504 for a resourceVersion the store has not reached', async () => {
    const store = newConfigMapStore(newBackend());
    const s = await statusOf(store.list(ns, { resourceVersion: '999999', resourceVersionMatch: 'NotOlderThan' }));
    expect(s).toMatchObject({ code: 504, reason: 'Timeout' });
    expect(s.message).toMatch(/^Too large resource version: 999999, current: \d+$/);
  });
});

describe('Store.watch', () => {
  it('streams changes after a resourceVersion, with selectors applied', async () => {
    const store = newConfigMapStore(newBackend());
    const start = await store.create(ns, cm('seed'));
    const abort = new AbortController();
    const events = await store.watch(ns, {
      resourceVersion: start.metadata.resourceVersion!,
      labelSelector: parseLabels('app=x'),
      signal: abort.signal,
    });
    const got = take(events, 3, abort);
    const a = await store.create(ns, cm('a', {}, { app: 'x' }));
    await store.create(ns, cm('skip', {}, { app: 'y' }));
    await store.update(ns, 'a', defaultUpdatedObjectInfo({ ...a, data: { k: 'v' } }));
    await store.delete(ns, 'a');
    const evs = await got;
    expect(evs.map((e) => `${e.type}:${e.object.metadata.name}`)).toEqual(['ADDED:a', 'MODIFIED:a', 'DELETED:a']);
    expect(evs[0]?.object).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap' });
  });

  it('sends initial events, then a bookmark marking their end', async () => {
    const store = newConfigMapStore(newBackend());
    await store.create(ns, cm('a'));
    await store.create(ns, cm('b'));
    const abort = new AbortController();
    const events = await store.watch(ns, {
      sendInitialEvents: true,
      allowWatchBookmarks: true,
      resourceVersionMatch: 'NotOlderThan',
      signal: abort.signal,
    });
    const evs = await take(events, 3, abort);
    expect(evs.map((e) => e.type)).toEqual(['ADDED', 'ADDED', 'BOOKMARK']);
    const bookmark = evs[2]!.object;
    expect(bookmark).toEqual({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        resourceVersion: bookmark.metadata.resourceVersion,
        annotations: { 'k8s.io/initial-events-end': 'true' },
      },
    });
  });

  it('watches a single object when a field selector pins its name', async () => {
    const store = newConfigMapStore(newBackend());
    const start = await store.create(ns, cm('other'));
    const abort = new AbortController();
    const events = await store.watch(ns, {
      resourceVersion: start.metadata.resourceVersion!,
      fieldSelector: parseFields('metadata.name=a'),
      signal: abort.signal,
    });
    const got = take(events, 1, abort);
    await store.create(ns, cm('b'));
    await store.create(ns, cm('a'));
    expect((await got).map((e) => e.object.metadata.name)).toEqual(['a']);
  });

  it('fails the stream with 410 Expired for a compacted resourceVersion', async () => {
    const backend = newBackend();
    const store = newConfigMapStore(backend);
    const a = await store.create(ns, cm('a'));
    await store.create(ns, cm('b'));
    await backend.kv.compact(await backend.storage.currentResourceVersion());
    const abort = new AbortController();
    const events = await store.watch(ns, { resourceVersion: a.metadata.resourceVersion!, signal: abort.signal });
    expect(await statusOf(take(events, 1, abort))).toMatchObject({
      code: 410,
      reason: 'Expired',
      message: 'The resourceVersion for the provided watch is too old.',
    });
  });

  it('rejects an unsupported field selector before the watch starts', async () => {
    const store = newConfigMapStore(newBackend());
    expect(
      await statusOf(store.watch(ns, { fieldSelector: parseFields('spec.x=1'), signal: new AbortController().signal })),
    ).toMatchObject({ code: 400 });
  });

  it('releases the storage watcher when the consumer stops', async () => {
    const backend = newBackend();
    const store = newConfigMapStore(backend);
    const abort = new AbortController();
    const events = await store.watch(ns, { signal: abort.signal });
    const got = take(events, 1, abort);
    await store.create(ns, cm('a'));
    await got;
    for (let i = 0; i < 50 && backend.kv.watcherCount > 0; i++) await new Promise((r) => setTimeout(r, 10));
    expect(backend.kv.watcherCount).toBe(0);
  });
});
