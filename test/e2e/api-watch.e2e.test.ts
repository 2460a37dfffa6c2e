/**
 * Watch semantics over HTTP against the built bundle, compared with upstream kube-apiserver 1.33:
 * `?watch=1` and the legacy /watch/ paths, synthetic ADDED events for resourceVersion unset/0,
 * resuming from a resourceVersion, selectors (an object leaving the selection is DELETED),
 * sendInitialEvents with its initial-events-end BOOKMARK, bookmarks and timeoutSeconds.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { useAPIServer, type Response, type RunningAPIServer } from './support/apiserver.js';
import { openWatch, type WatchEvent } from './support/raw-http.js';
import { expectFailure } from './support/status.js';

interface Obj {
  metadata: { name?: string; resourceVersion?: string; labels?: Record<string, string> };
  [field: string]: unknown;
}

const apiserver = useAPIServer();
let server: RunningAPIServer;
const ns = 'api-watch';
const cms = `/api/v1/namespaces/${ns}/configmaps`;
const mergePatch = { 'content-type': 'application/merge-patch+json' };

async function ok(res: Promise<Response>, code = 200): Promise<Obj> {
  const r = await res;
  expect(r.status, r.text).toBe(code);
  return r.json as Obj;
}

const create = (name: string, labels: Record<string, string> = {}) =>
  ok(server.request('POST', cms, { body: { metadata: { name, labels }, data: { v: '0' } } }), 201);
const patch = (name: string, body: unknown) =>
  ok(server.request('PATCH', `${cms}/${name}`, { body, headers: mergePatch }));
const listRV = async () => (await ok(server.request('GET', cms))).metadata.resourceVersion ?? '';
const summary = (events: WatchEvent[]) => events.map((e) => `${e.type} ${e.object.metadata?.name ?? ''}`);
const q = (s: string): string => encodeURIComponent(s);

beforeAll(async () => {
  server = apiserver();
  await ok(server.request('POST', '/api/v1/namespaces', { body: { metadata: { name: ns } } }), 201);
  await create('w-1');
  await create('w-2');
});

describe('watch', () => {
  it('starts with synthetic ADDED events when resourceVersion is unset or 0, then streams changes', async () => {
    for (const [query, name] of [
      ['watch=1', 'live-a'],
      ['watch=true&resourceVersion=0', 'live-b'],
    ] as const) {
      const watch = openWatch(server, `${cms}?${query}&labelSelector=${q('live!=yes')}`);
      try {
        expect(await watch.opened).toBe(200);
        await watch.until((evs) => evs.length >= 2);
        expect(summary(watch.events).sort()).toEqual(['ADDED w-1', 'ADDED w-2']);
        await create(name, { live: 'no' });
        await watch.until((evs) => evs.some((e) => e.object.metadata?.name === name));
        expect(summary(watch.events.slice(2))).toEqual([`ADDED ${name}`]);
      } finally {
        watch.close();
        await ok(server.request('DELETE', `${cms}/${name}`));
      }
    }
  });

  it('ends the stream cleanly after timeoutSeconds', async () => {
    const started = Date.now();
    const watch = openWatch(server, `${cms}?watch=1&timeoutSeconds=1&fieldSelector=${q('metadata.name=w-1')}`);
    expect(await watch.opened).toBe(200);
    const events = await watch.ended;
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(900);
    expect(elapsed).toBeLessThan(5000);
    expect(summary(events)).toEqual(['ADDED w-1']);
    expect(events[0]?.object).toMatchObject({ kind: 'ConfigMap', apiVersion: 'v1' });
  });

  it('serves the legacy /api/v1/watch paths for collections, single objects and all namespaces', async () => {
    const [collection, single, everywhere] = await Promise.all([
      openWatch(server, `/api/v1/watch/namespaces/${ns}/configmaps?timeoutSeconds=1&resourceVersion=0`).ended,
      openWatch(server, `/api/v1/watch/namespaces/${ns}/configmaps/w-2?timeoutSeconds=1`).ended,
      openWatch(server, `/api/v1/watch/configmaps?timeoutSeconds=1&fieldSelector=${q(`metadata.namespace=${ns}`)}`)
        .ended,
    ]);
    expect(summary(collection).sort()).toEqual(['ADDED w-1', 'ADDED w-2']);
    expect(summary(single)).toEqual(['ADDED w-2']);
    expect(summary(everywhere).sort()).toEqual(['ADDED w-1', 'ADDED w-2']);
  });

  it('sends only the changes after a given resourceVersion, in order', async () => {
    const from = await listRV();
    await patch('w-1', { data: { v: '1' } });
    await create('w-3');
    await ok(server.request('DELETE', `${cms}/w-3`));
    const watch = openWatch(server, `${cms}?watch=1&resourceVersion=${from}`);
    try {
      const events = await watch.until((evs) => evs.length >= 3);
      expect(summary(events)).toEqual(['MODIFIED w-1', 'ADDED w-3', 'DELETED w-3']);
      const rvs = events.map((e) => Number(e.object.metadata?.resourceVersion));
      expect(rvs[0]).toBeGreaterThan(Number(from));
      expect([...rvs].sort((a, b) => a - b)).toEqual(rvs);
      expect(new Set(rvs).size).toBe(3);
    } finally {
      watch.close();
    }
  });

  it('filters events by selector and sends an object that stops matching as DELETED', async () => {
    const from = await listRV();
    const watch = openWatch(server, `${cms}?watch=1&resourceVersion=${from}&labelSelector=${q('watched=yes')}`);
    const byName = openWatch(server, `${cms}?watch=1&resourceVersion=${from}&fieldSelector=${q('metadata.name=w-2')}`);
    try {
      await watch.opened;
      await patch('w-2', { metadata: { labels: { watched: 'yes' } } });
      await patch('w-2', { data: { v: '2' } });
      const left = await patch('w-2', { metadata: { labels: { watched: 'no' } } });
      await patch('w-1', { data: { v: '3' } });
      await create('marker', { watched: 'yes' });
      const events = await watch.until((evs) => evs.some((e) => e.object.metadata?.name === 'marker'));
      expect(summary(events)).toEqual(['ADDED w-2', 'MODIFIED w-2', 'DELETED w-2', 'ADDED marker']);
      // As upstream's cacher: the last state that matched, at the revision of the change.
      expect(events[2]?.object.metadata).toMatchObject({
        labels: { watched: 'yes' },
        resourceVersion: left.metadata.resourceVersion,
      });
      const named = await byName.until((evs) => evs.length >= 3);
      expect(summary(named)).toEqual(['MODIFIED w-2', 'MODIFIED w-2', 'MODIFIED w-2']);
    } finally {
      watch.close();
      byName.close();
    }
  });

  it('sends the initial state, then a BOOKMARK marking its end, for sendInitialEvents=true', async () => {
    const rv = await listRV();
    const watch = openWatch(
      server,
      `${cms}?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&resourceVersion=${rv}&labelSelector=${q('!watched')}`,
    );
    try {
      const events = await watch.until((evs) => evs.some((e) => e.type === 'BOOKMARK'));
      expect(summary(events.slice(0, -1)).sort()).toEqual(['ADDED w-1']);
      const bookmark = events.at(-1)?.object;
      expect(bookmark).toMatchObject({
        kind: 'ConfigMap',
        apiVersion: 'v1',
        metadata: { annotations: { 'k8s.io/initial-events-end': 'true' } },
      });
      expect(Number(bookmark?.metadata?.resourceVersion)).toBeGreaterThanOrEqual(Number(rv));
      await create('after-bookmark');
      await watch.until((evs) => evs.some((e) => e.object.metadata?.name === 'after-bookmark'));
      expect(summary(watch.events).at(-1)).toBe('ADDED after-bookmark');
    } finally {
      watch.close();
    }
  });

  // Bug (pkg/endpoints/handlers/rest.ts watchOptionsFrom): watch options are checked with the
  // list rules, so omitting resourceVersion ("consistent read", what client-go's WatchList sends)
  // is refused with 422 "resourceVersionMatch is forbidden unless resourceVersion is provided".
  it('accepts sendInitialEvents=true without a resourceVersion (consistent initial state)', async () => {
    const watch = openWatch(
      server,
      `${cms}?watch=1&sendInitialEvents=true&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&fieldSelector=${q('metadata.name=w-1')}`,
    );
    try {
      expect(await watch.opened).toBe(200);
      const events = await watch.until((evs) => evs.some((e) => e.type === 'BOOKMARK'), 5000);
      expect(summary(events)).toEqual(['ADDED w-1', 'BOOKMARK ']);
    } finally {
      watch.close();
    }
  });

  // Same bug: upstream's validateWatchOptions answers this one for watches.
  it('refuses resourceVersionMatch without sendInitialEvents with the watch wording', async () => {
    expectFailure(
      // timeoutSeconds bounds the test while the server still accepts this watch.
      await server.request(
        'GET',
        `${cms}?watch=1&resourceVersion=1&resourceVersionMatch=NotOlderThan&timeoutSeconds=1`,
      ),
      422,
      'Invalid',
      'ListOptions.meta.k8s.io "" is invalid: resourceVersionMatch: Forbidden: resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided',
    );
  });

  // Bug (the store's watch does not know the request deadline; pkg/endpoints turns timeoutSeconds
  // into an AbortSignal only): upstream's cacher sends a BOOKMARK 2 s before a watch's deadline
  // when bookmarks are allowed, so a client can resume from it; here the first comes after 60 s.
  it('sends a BOOKMARK before the timeoutSeconds deadline when bookmarks are allowed', async () => {
    const rv = await listRV();
    const events = await openWatch(
      server,
      `${cms}?watch=1&allowWatchBookmarks=true&timeoutSeconds=4&resourceVersion=${rv}`,
    ).ended;
    expect(events.map((e) => e.type)).toContain('BOOKMARK');
  });

  it('answers bad watch parameters with a Status, before streaming or as an ERROR event', async () => {
    expectFailure(
      await server.request('GET', `${cms}?watch=1&labelSelector=${q('a in b')}`),
      400,
      'BadRequest',
      "unable to parse requirement: found 'b' expected: '('",
    );
    expectFailure(await server.request('GET', `${cms}?watch=1&timeoutSeconds=soon`), 400, 'BadRequest');
    // Upstream's cacher fails this watch with a bare storage error (a 500 with reason ""); an
    // ERROR event carrying a 400 is what this server does instead.
    const events = await openWatch(server, `${cms}?watch=1&resourceVersion=abc&timeoutSeconds=1`).ended;
    expect(events).toEqual([
      {
        type: 'ERROR',
        object: expect.objectContaining({
          kind: 'Status',
          code: 400,
          reason: 'BadRequest',
          message: 'resourceVersion: Invalid value: "abc": strconv.ParseUint: parsing "abc": invalid syntax',
        }),
      },
    ]);
  });
});
