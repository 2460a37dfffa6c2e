/**
 * Consistency over HTTP: a paged list is one snapshot even while writes land between pages, and a
 * watch opened before a burst of writes sees every one of them, once, in order.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newBackend, newConfigMapStore } from '../../pkg/registry/generic/registry/testing/fixtures.js';
import { newTestServer, type TestServer } from './support/generic-server.js';

let t: TestServer;
const base = '/api/v1/namespaces/default/configmaps';

beforeAll(async () => {
  t = await newTestServer();
  t.server.installAPIGroups(
    [
      {
        group: '',
        versions: [
          {
            version: 'v1',
            resources: [
              {
                resource: 'configmaps',
                singularName: 'configmap',
                kind: 'ConfigMap',
                namespaced: true,
                storage: newConfigMapStore(newBackend()),
              },
            ],
          },
        ],
      },
    ],
    { groupPriority: () => 1000 },
  );
  t.start();
});
afterAll(() => t?.stop());

const cm = (name: string, value = '0') => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name },
  data: { v: value },
});

interface List {
  metadata: { resourceVersion: string; continue?: string; remainingItemCount?: number };
  items: Array<{ metadata: { name: string; resourceVersion: string }; data: { v: string } }>;
}

describe('paged lists', () => {
  it('stay one snapshot while other clients write between pages', async () => {
    for (let i = 0; i < 30; i++) await t.request('POST', base, { body: cm(`item-${String(i).padStart(2, '0')}`) });
    const seen: string[] = [];
    let token: string | undefined;
    let snapshotRV: string | undefined;
    let pages = 0;
    do {
      const url = `${base}?limit=7${token ? `&continue=${encodeURIComponent(token)}` : ''}`;
      const page = (await t.request('GET', url)).json as List;
      snapshotRV ??= page.metadata.resourceVersion;
      expect(page.metadata.resourceVersion).toBe(snapshotRV);
      for (const item of page.items) {
        seen.push(item.metadata.name);
        expect(item.data.v).toBe('0');
      }
      token = page.metadata.continue;
      if (token) expect(page.metadata.remainingItemCount).toBe(30 - seen.length);
      // Between pages: change an item not yet read, delete another, add a new one.
      await t.request('PATCH', `${base}/item-29`, {
        body: { data: { v: String(++pages) } },
        headers: { 'content-type': 'application/merge-patch+json' },
      });
      await t.request('POST', base, { body: cm(`late-${pages}`) });
    } while (token && pages < 20);
    expect(seen).toEqual(Array.from({ length: 30 }, (_, i) => `item-${String(i).padStart(2, '0')}`));
  });
});

describe('watch', () => {
  it('opened before a burst of writes sees every write, in order, exactly once', async () => {
    const start = (await t.request('GET', base)).json as List;
    const writes = 200;
    let burstSeen = 0;
    // Read the stream until every write arrived (bounded in time), however slow the machine is.
    const watching = t.watchLines(`${base}?watch=true&resourceVersion=${start.metadata.resourceVersion}`, (lines) => {
      burstSeen = lines.filter((l) => l.includes('"burst-')).length;
      return burstSeen >= writes;
    });
    await new Promise((r) => setTimeout(r, 100));
    const expected: string[] = [];
    await Promise.all(
      Array.from({ length: writes }, async (_, i) => {
        const res = await t.request('POST', base, { body: cm(`burst-${i}`) });
        expect(res.status).toBe(201);
      }),
    );
    const all = (await t.request('GET', `${base}?labelSelector=`)).json as List;
    for (const item of all.items
      .filter((x) => x.metadata.name.startsWith('burst-'))
      .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))) {
      expected.push(item.metadata.name);
    }
    const events = (await watching).map(
      (l) => JSON.parse(l) as { type: string; object: { metadata: { name: string; resourceVersion: string } } },
    );
    const burst = events.filter((e) => e.object.metadata.name.startsWith('burst-'));
    expect(burst.map((e) => e.type).every((type) => type === 'ADDED')).toBe(true);
    expect(burst.map((e) => e.object.metadata.name)).toEqual(expected);
    const rvs = events.map((e) => Number(e.object.metadata.resourceVersion));
    expect([...rvs].sort((a, b) => a - b)).toEqual(rvs);
    expect(new Set(rvs).size).toBe(rvs.length);
  });
});
