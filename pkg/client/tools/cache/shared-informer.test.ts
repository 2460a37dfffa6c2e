import { describe, expect, it } from 'vitest';
import { StatusError } from '../../../api/errors/errors.js';
import type { KubeObject } from '../../../apis/meta/v1/types.js';
import { FakeClock, flushMicrotasks } from '../../util/clock/clock.js';
import { DeletedFinalStateUnknown } from './store.js';
import { SharedIndexInformer, type ResourceEventHandler } from './shared-informer.js';
import { FakeListerWatcher, listOf } from './testing/fake-lister-watcher.js';

const cm = (name: string, rv: string, data = ''): KubeObject => ({
  metadata: { namespace: 'ns', name, resourceVersion: rv },
  data: { v: data },
});

/** A handler recording what it is told as short strings. */
function recorder() {
  const seen: string[] = [];
  const handler: ResourceEventHandler<KubeObject> = {
    onAdd: (o, initial) =>
      seen.push(`add ${o.metadata.name}@${o.metadata.resourceVersion}${initial ? ' (initial)' : ''}`),
    onUpdate: (a, b) =>
      seen.push(`update ${b.metadata.name}@${a.metadata.resourceVersion}->${b.metadata.resourceVersion}`),
    onDelete: (o) =>
      seen.push(o instanceof DeletedFinalStateUnknown ? `tombstone ${o.key}` : `delete ${o.metadata.name}`),
  };
  return { seen, handler };
}

function setup(opts: { resyncMs?: number } = {}) {
  const clock = new FakeClock(1_000_000);
  const lw = new FakeListerWatcher<KubeObject>();
  const informer = new SharedIndexInformer(lw, {
    name: 'configmaps',
    clock,
    random: () => 0,
    ...(opts.resyncMs ? { defaultResyncMs: opts.resyncMs } : {}),
  });
  const abort = new AbortController();
  const start = () => informer.run(abort.signal);
  return { clock, lw, informer, abort, start };
}

describe('reflector and shared informer', () => {
  it('lists from RV 0, watches from the list RV with bookmarks, and hands every event to every handler in order', async () => {
    const { lw, informer, abort, start } = setup();
    lw.listAnswers = [() => listOf('10', [cm('a', '5'), cm('b', '6')])];
    const one = recorder();
    const two = recorder();
    informer.addEventHandler(one.handler);
    informer.addEventHandler(two.handler);
    const done = start();
    const w = await lw.nthWatch(0);
    expect(lw.listCalls).toEqual([{ resourceVersion: '0', limit: 500 }]);
    expect(w.options).toMatchObject({ resourceVersion: '10', allowWatchBookmarks: true, timeoutSeconds: 300 });
    expect(informer.hasSynced()).toBe(true);
    w.add(cm('c', '11'));
    w.modify(cm('a', '12', 'x'));
    w.bookmark({ metadata: { resourceVersion: '15' } });
    w.delete(cm('b', '16'));
    await flushMicrotasks();
    const expected = ['add a@5 (initial)', 'add b@6 (initial)', 'add c@11', 'update a@5->12', 'delete b'];
    expect(one.seen).toEqual(expected);
    expect(two.seen).toEqual(expected);
    expect(informer.lastSyncResourceVersion).toBe('16');
    expect(informer.getIndexer().listKeys().sort()).toEqual(['ns/a', 'ns/c']);
    abort.abort();
    await done;
    expect(w.stopped).toBe(true);
  });

  it('watches again from the last RV when the server ends a watch, without listing', async () => {
    const { clock, lw, abort, start } = setup();
    lw.listAnswers = [() => listOf('10', [])];
    const done = start();
    const w0 = await lw.nthWatch(0);
    w0.add(cm('a', '11'));
    await flushMicrotasks();
    await clock.step(2000);
    w0.end();
    const w1 = await lw.nthWatch(1);
    expect(w1.options.resourceVersion).toBe('11');
    expect(lw.listCalls).toHaveLength(1);
    abort.abort();
    await done;
  });

  it('relists after a 410 on the watch, reporting missed deletions as tombstones', async () => {
    const { clock, lw, informer, abort, start } = setup();
    const errors: unknown[] = [];
    informer.setWatchErrorHandler((err) => errors.push(err));
    lw.listAnswers = [
      () => listOf('10', [cm('a', '5'), cm('b', '6')]),
      () => listOf('30', [cm('a', '25'), cm('c', '26')]),
    ];
    const r = recorder();
    informer.addEventHandler(r.handler);
    const done = start();
    const w0 = await lw.nthWatch(0);
    w0.error({ code: 410, reason: 'Expired', message: 'too old resource version: 10 (20)' });
    await flushMicrotasks();
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toBe('too old resource version: 10 (20)');
    // Back-off before the relist: 800 ms, no jitter with random() = 0.
    await clock.step(799);
    expect(lw.listCalls).toHaveLength(1);
    await clock.step(1);
    const w1 = await lw.nthWatch(1);
    expect(lw.listCalls[1]).toEqual({ resourceVersion: '10' });
    expect(w1.options.resourceVersion).toBe('30');
    expect(r.seen).toEqual(['add a@5 (initial)', 'add b@6 (initial)', 'update a@5->25', 'add c@26', 'tombstone ns/b']);
    abort.abort();
    await done;
  });

  it('pages through continue tokens, and lists again at once with RV "" when the list RV has expired', async () => {
    const { clock, lw, informer, abort, start } = setup();
    informer.setWatchErrorHandler(() => {});
    lw.listAnswers = [
      () => listOf('10', [cm('a', '5')], 'page-2'),
      () => listOf('10', [cm('b', '6')]),
      () => {
        throw new StatusError({
          kind: 'Status',
          apiVersion: 'v1',
          metadata: {},
          status: 'Failure',
          code: 410,
          reason: 'Expired',
          message: 'too old resource version: 10 (40)',
        });
      },
      () => listOf('50', [cm('b', '45')]),
    ];
    const done = start();
    const w0 = await lw.nthWatch(0);
    expect(informer.getIndexer().listKeys().sort()).toEqual(['ns/a', 'ns/b']);
    w0.error({ code: 410, reason: 'Expired', message: 'too old resource version: 10 (40)' });
    await clock.step(800);
    const w1 = await lw.nthWatch(1);
    expect(lw.listCalls).toEqual([
      { resourceVersion: '0', limit: 500 },
      { continue: 'page-2', limit: 500 },
      { resourceVersion: '10' },
      { resourceVersion: '', limit: 500 },
    ]);
    expect(w1.options.resourceVersion).toBe('50');
    expect(informer.getIndexer().listKeys()).toEqual(['ns/b']);
    abort.abort();
    await done;
  });

  it('gives a handler added to a running informer the cached objects first', async () => {
    const { lw, informer, abort, start } = setup();
    lw.listAnswers = [() => listOf('10', [cm('a', '5')])];
    const done = start();
    const w = await lw.nthWatch(0);
    const late = recorder();
    const reg = informer.addEventHandler(late.handler);
    expect(reg.hasSynced()).toBe(true);
    w.add(cm('b', '11'));
    await flushMicrotasks();
    reg.remove();
    w.add(cm('c', '12'));
    await flushMicrotasks();
    expect(late.seen).toEqual(['add a@5 (initial)', 'add b@11']);
    abort.abort();
    await done;
  });

  it('keeps calling the other handlers when one throws', async () => {
    const { lw, informer, abort, start } = setup();
    lw.listAnswers = [() => listOf('10', [cm('a', '5')])];
    informer.addEventHandler({
      onAdd: () => {
        throw new Error('handler bug');
      },
    });
    const r = recorder();
    informer.addEventHandler(r.handler);
    const done = start();
    await lw.nthWatch(0);
    expect(r.seen).toEqual(['add a@5 (initial)']);
    abort.abort();
    await done;
  });

  it('resyncs each handler on its own period', async () => {
    const { clock, lw, informer, abort, start } = setup();
    lw.listAnswers = [() => listOf('10', [cm('a', '5')])];
    const fast = recorder();
    const slow = recorder();
    const none = recorder();
    informer.addEventHandler(fast.handler, 1000);
    informer.addEventHandler(slow.handler, 3000);
    informer.addEventHandler(none.handler, 0);
    const done = start();
    await lw.nthWatch(0);
    await clock.step(1000);
    await clock.step(1000);
    await clock.step(1000);
    const resyncs = (seen: string[]) => seen.filter((s) => s === 'update a@5->5').length;
    expect(resyncs(fast.seen)).toBe(3);
    expect(resyncs(slow.seen)).toBe(1);
    expect(resyncs(none.seen)).toBe(0);
    abort.abort();
    await done;
  });

  it('backs off and watches again without relisting when the watch is refused', async () => {
    const { clock, lw, abort, start } = setup();
    lw.listAnswers = [() => listOf('10', [])];
    lw.watchFailures = [Object.assign(new Error('connect ECONNREFUSED'), { cause: { code: 'ECONNREFUSED' } })];
    const done = start();
    await flushMicrotasks();
    expect(lw.watches).toHaveLength(0);
    await clock.step(800);
    const w = await lw.nthWatch(0);
    expect(w.options.resourceVersion).toBe('10');
    expect(lw.listCalls).toHaveLength(1);
    abort.abort();
    await done;
  });

  it('applies the transform before storing', async () => {
    const { lw, informer, abort, start } = setup();
    informer.setTransform((o) => ({ ...o, metadata: { ...o.metadata, managedFields: [] } }));
    lw.listAnswers = [
      () =>
        listOf('10', [{ ...cm('a', '5'), metadata: { ...cm('a', '5').metadata, managedFields: [{ manager: 'x' }] } }]),
    ];
    const done = start();
    await lw.nthWatch(0);
    expect(informer.getIndexer().getByKey('ns/a')?.metadata.managedFields).toEqual([]);
    expect(() => informer.setTransform((o) => o)).toThrow('informer has already started');
    abort.abort();
    await done;
  });
});
