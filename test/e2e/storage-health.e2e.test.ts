/**
 * Storage faults end to end: health checks under upstream's names (`etcd`, `etcd-readiness`)
 * fail while the store cannot serve and recover with it; requests fail fast with a 503 naming the
 * store instead of hanging. A real etcd is paused and killed mid-run; the embedded store runs on
 * a tiny tmpfs that fills up (when this machine lets the test mount one, i.e. as root).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeWithEtcd } from '../../pkg/storage/kv/testing/describe-with-etcd.js';
import { killAll, makeTempDir, removeTempDirs } from './support/bundle.js';
import { startAPIServer, type RunningAPIServer } from './support/apiserver.js';

afterAll(async () => {
  await killAll();
  removeTempDirs();
});

const base = '/api/v1/namespaces/default/configmaps';
const cm = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { k: 'v' } });

/** Polls until `check` passes (bounded), returning its last result. */
async function eventually<T>(check: () => Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

async function timed<T>(run: () => Promise<T>): Promise<{ value: T; ms: number }> {
  const started = performance.now();
  const value = await run();
  return { value, ms: performance.now() - started };
}

function expectStoreUnavailable(res: { status: number; json: unknown }, store: RegExp): void {
  expect(res.status).toBe(503);
  expect(res.json).toMatchObject({ kind: 'Status', reason: 'ServiceUnavailable', code: 503 });
  expect((res.json as { message: string }).message).toMatch(store);
}

describeWithEtcd('apiserver on etcd that stops mid-run', (etcd) => {
  it('fails readyz naming the etcd check, answers 503 within --request-timeout, and recovers', async () => {
    const server = await startAPIServer({
      storage: 'etcd',
      etcdServers: etcd().endpoint,
      args: ['--request-timeout', '4s'],
    });
    const names = new RegExp(`etcd at ${etcd().endpoint.replace(/\./g, '\\.')}`);
    try {
      const ready = await server.request('GET', '/readyz?verbose');
      expect(ready.text).toContain('[+]etcd ok\n[+]etcd-readiness ok\n');
      const live = await server.request('GET', '/livez?verbose');
      expect(live.text).toContain('[+]etcd ok\n');
      expect(live.text).not.toContain('etcd-readiness'); // readyz only, as upstream
      expect((await server.request('GET', '/readyz/etcd')).text).toBe('ok');
      expect((await server.request('POST', base, { body: cm('before') })).status).toBe(201);

      // A hung etcd: the first request waits for the store's timeout, still within --request-timeout.
      await etcd().pause();
      const first = await timed(() => server.request('GET', base));
      expectStoreUnavailable(first.value, names);
      expect(first.ms).toBeLessThan(4000);
      // From then on requests fail at once, and readiness says which check failed.
      const next = await timed(() => server.request('POST', base, { body: cm('during') }));
      expectStoreUnavailable(next.value, names);
      expect(next.ms).toBeLessThan(1000);
      const readyz = await timed(() => server.request('GET', '/readyz?verbose'));
      expect(readyz.value.status).toBe(500);
      expect(readyz.value.text).toContain('[-]etcd failed: reason withheld');
      expect(readyz.ms).toBeLessThan(2500);
      const one = await server.request('GET', '/readyz/etcd');
      expect(one.status).toBe(500);
      expect(one.text).toMatch(names);
      const kubectl = await timed(() => server.kubectl(['get', 'configmaps']));
      expect(kubectl.value.code).toBe(1);
      expect(kubectl.value.stderr).toMatch(/Error from server \(ServiceUnavailable\): .*etcd at http/);
      expect(kubectl.ms).toBeLessThan(4000);

      etcd().resume();
      await eventually(async () => expect((await server.request('GET', '/readyz')).status).toBe(200));
      expect((await server.request('POST', base, { body: cm('after-pause') })).status).toBe(201);

      // A dead etcd (connection refused), then the same one started again.
      await etcd().crash();
      const refused = await timed(() => server.request('GET', `${base}/before`));
      expectStoreUnavailable(refused.value, names);
      expect(refused.ms).toBeLessThan(1000);
      await eventually(async () =>
        expect((await server.request('GET', '/readyz?verbose')).text).toContain('[-]etcd failed'),
      );
      await etcd().restart();
      await eventually(async () => expect((await server.request('GET', '/readyz')).status).toBe(200));
      const list = (await server.request('GET', base)).json as { items: { metadata: { name: string } }[] };
      expect(list.items.map((i) => i.metadata.name)).toEqual(['after-pause', 'before']);
      expect((await server.request('POST', base, { body: cm('after-restart') })).status).toBe(201);
    } finally {
      etcd().resume();
      await server.stop();
    }
  }, 90_000);
});

describeWithEtcd(
  'apiserver on etcd out of space',
  (etcd) => {
    it('answers writes with a 503 naming the NOSPACE alarm, serves reads, and fails etcd-readiness only', async () => {
      const server = await startAPIServer({ storage: 'etcd', etcdServers: etcd().endpoint });
      try {
        const big = { ...cm('big'), data: { k: 'x'.repeat(900 * 1024) } };
        let res = await server.request('POST', base, { body: big });
        for (let i = 0; i < 40 && res.status === 201; i++) {
          res = await server.request('POST', base, { body: { ...big, metadata: { name: `big-${i}` } } });
        }
        expectStoreUnavailable(res, /etcdserver: mvcc: database space exceeded/);
        expect((await server.request('GET', `${base}/big`)).status).toBe(200);
        const readyz = await server.request('GET', '/readyz?verbose');
        expect(readyz.text).toContain('[+]etcd ok\n[-]etcd-readiness failed: reason withheld');
        expect((await server.request('GET', '/readyz/etcd-readiness')).text).toMatch(/raised alarm NOSPACE/);
        expect((await server.request('GET', '/livez')).status).toBe(200);
      } finally {
        await server.stop();
      }
    }, 90_000);
  },
  { quotaBackendBytes: 8 * 1024 * 1024 },
);

/** Mounts a tmpfs of `bytes` at `dir`, or returns false where this machine does not allow it. */
function mountTmpfs(dir: string, bytes: number): boolean {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${bytes}`, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

const tmpfsDir = makeTempDir('hyperkube-tmpfs-');
const tmpfs = mountTmpfs(tmpfsDir, 4 * 1024 * 1024);
afterAll(() => {
  if (tmpfs) execFileSync('umount', [tmpfsDir]);
});

describe.skipIf(!tmpfs)('embedded store on a disk that fills up (a 4 MiB tmpfs; needs root)', () => {
  it('keeps serving reads, answers writes 503, fails etcd-readiness, and resumes by itself once space is freed', async () => {
    const dataDir = path.join(tmpfsDir, 'data');
    mkdirSync(dataDir, { mode: 0o700 });
    let server: RunningAPIServer | undefined = await startAPIServer({ storage: 'embedded', dataDir });
    const filler = path.join(tmpfsDir, 'filler');
    try {
      expect((await server.request('POST', base, { body: cm('kept') })).status).toBe(201);
      // Fill the disk: a file as large as the free space, minus a little, then writes until the store refuses.
      const free = Number(execFileSync('df', ['--output=avail', '-B1', tmpfsDir]).toString().split('\n')[1]);
      writeFileSync(filler, Buffer.alloc(Math.max(0, free - 64 * 1024)));
      let res = await server.request('POST', base, { body: { ...cm('fill'), data: { k: 'y'.repeat(20_000) } } });
      for (let i = 0; i < 20 && res.status === 201; i++) {
        res = await server.request('POST', base, { body: { ...cm(`fill-${i}`), data: { k: 'y'.repeat(20_000) } } });
      }
      expectStoreUnavailable(res, /database space exceeded: writing the write-ahead log in .* failed \(ENOSPC/);
      // Reads go on; only readiness fails, naming its check.
      expect((await server.request('GET', `${base}/kept`)).status).toBe(200);
      expect((await server.request('GET', base)).status).toBe(200);
      const readyz = await server.request('GET', '/readyz?verbose');
      expect(readyz.status).toBe(500);
      expect(readyz.text).toContain('[+]etcd ok\n[-]etcd-readiness failed: reason withheld');
      expect((await server.request('GET', '/livez')).status).toBe(200);
      const refused = await timed(() => server!.request('POST', base, { body: cm('refused') }));
      expectStoreUnavailable(refused.value, /database space exceeded/);
      expect(refused.ms).toBeLessThan(1000);

      rmSync(filler); // space is freed: no restart needed
      await eventually(async () => expect((await server!.request('GET', '/readyz')).status).toBe(200));
      expect((await server.request('POST', base, { body: cm('after') })).status).toBe(201);

      // Nothing was damaged: a restart on the same data finds every acknowledged write.
      const names = async (s: RunningAPIServer) =>
        ((await s.request('GET', base)).json as { items: { metadata: { name: string } }[] }).items.map(
          (i) => i.metadata.name,
        );
      const before = await names(server);
      await server.stop();
      server = await startAPIServer({ storage: 'embedded', dataDir });
      expect(await names(server)).toEqual(before);
      expect(before).toEqual(expect.arrayContaining(['kept', 'after']));
    } finally {
      rmSync(filler, { force: true });
      await server?.stop();
    }
  }, 90_000);
});
