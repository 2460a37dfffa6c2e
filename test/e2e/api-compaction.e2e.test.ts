/**
 * What clients see once history is compacted, against the built bundle on etcd, compared with
 * upstream kube-apiserver 1.33: a continue token from a compacted revision is 410 Expired with a
 * fresh token that continues inconsistently, an Exact list at a compacted revision is 410, and a
 * watch from one ends with an ERROR event carrying 410. Nothing in the HTTP API compacts (the
 * apiserver's own compactor runs every 5 minutes), so the test compacts etcd directly through
 * its JSON gateway; the revisions the apiserver hands out are etcd's.
 */
import { afterAll, expect, it } from 'vitest';
import { describeWithEtcd } from '../../pkg/storage/kv/testing/describe-with-etcd.js';
import { killAll, removeTempDirs } from './support/bundle.js';
import { startAPIServer, type Response, type RunningAPIServer } from './support/apiserver.js';
import { openWatch } from './support/raw-http.js';
import { expectFailure } from './support/status.js';

interface List {
  metadata: { resourceVersion?: string; continue?: string };
  items: Array<{ metadata: { name: string } }>;
}

afterAll(async () => {
  await killAll();
  removeTempDirs();
});

const ns = 'api-compaction';
const cms = `/api/v1/namespaces/${ns}/configmaps`;

async function ok(res: Promise<Response>, code = 200): Promise<unknown> {
  const r = await res;
  expect(r.status, r.text).toBe(code);
  return r.json;
}

describeWithEtcd('after etcd compaction', (etcd) => {
  let server: RunningAPIServer;

  /** Compacts etcd up to the current revision, physically (as the apiserver's compactor does). */
  async function compactNow(): Promise<void> {
    const latest = (await ok(server.request('GET', cms))) as List;
    const res = await fetch(`${etcd().endpoint}/v3/kv/compaction`, {
      method: 'POST',
      body: JSON.stringify({ revision: latest.metadata.resourceVersion, physical: true }),
    });
    expect(res.status, await res.clone().text()).toBe(200);
  }

  it('expires continue tokens, Exact lists and watches from compacted revisions with 410', async () => {
    server = await startAPIServer({ storage: 'etcd', etcdServers: etcd().endpoint });
    try {
      await ok(server.request('POST', '/api/v1/namespaces', { body: { metadata: { name: ns } } }), 201);
      for (let i = 0; i < 4; i++)
        await ok(server.request('POST', cms, { body: { metadata: { name: `c-${i}` } } }), 201);
      const first = (await ok(server.request('GET', `${cms}?limit=2`))) as List;
      const oldRV = first.metadata.resourceVersion ?? '';
      // Two writes after the snapshot, so compacting to the latest revision drops the snapshot's.
      await ok(server.request('POST', cms, { body: { metadata: { name: 'c-late' } } }), 201);
      await ok(
        server.request('PATCH', `${cms}/c-0`, {
          body: { data: { changed: 'yes' } },
          headers: { 'content-type': 'application/merge-patch+json' },
        }),
      );
      await compactNow();

      const expired = await server.request(
        'GET',
        `${cms}?limit=2&continue=${encodeURIComponent(first.metadata.continue ?? '')}`,
      );
      const status = expectFailure(
        expired,
        410,
        'Expired',
        'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
      );
      const fresh = status.metadata.continue ?? '';
      expect(fresh).not.toBe('');
      const rest = (await ok(server.request('GET', `${cms}?limit=10&continue=${encodeURIComponent(fresh)}`))) as List;
      expect(rest.items.map((i) => i.metadata.name)).toEqual(['c-2', 'c-3', 'c-late']);

      expectFailure(
        await server.request('GET', `${cms}?resourceVersion=${oldRV}&resourceVersionMatch=Exact`),
        410,
        'Expired',
        'The resourceVersion for the provided list is too old.',
      );

      const events = await openWatch(server, `${cms}?watch=1&resourceVersion=${oldRV}&timeoutSeconds=5`).ended;
      expect(events).toEqual([
        {
          type: 'ERROR',
          object: expect.objectContaining({ kind: 'Status', status: 'Failure', code: 410, reason: 'Expired' }),
        },
      ]);
    } finally {
      await server?.stop();
    }
  });
});
