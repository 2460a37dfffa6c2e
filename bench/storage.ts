/**
 * Storage benchmark: the durable (default) backend, and etcd side by side when it is installed.
 *
 *   npm run bench:storage            (node bench/run.mjs storage)
 *   npm run bench:storage -- --quick (smaller counts, for a smoke run)
 *
 * Every figure comes from this process on this machine; the data directories (ours and etcd's)
 * are both in the OS temp directory, so both pay for the same disk's fsync.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { setMaxListeners } from 'node:events';
import { openDurableKV } from '../pkg/storage/kv/durable.js';
import { newEtcdKV } from '../pkg/storage/kv/etcd.js';
import { findEtcd, startEtcd } from '../pkg/storage/kv/testing/etcd-server.js';
import type { KV } from '../pkg/storage/kv/types.js';
import { newStore } from '../pkg/storage/store.js';
import { formatTable, percentile, timed, type Row } from './lib/storage-report.js';

const quick = process.argv.includes('--quick');
const scale = (n: number) => (quick ? Math.max(1, Math.floor(n / 10)) : n);
/** A ConfigMap of about 1 KB as stored (JSON), so Storage-level figures decode real objects. */
const value1k = new TextEncoder().encode(
  JSON.stringify({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: 'bench', namespace: 'default', uid: '6b1d2c1e-0000-4000-8000-000000000000' },
    data: { payload: 'x'.repeat(890) },
  }),
);

async function putsSequential(kv: KV, prefix: string, n: number): Promise<number> {
  const ms = await timed(async () => {
    for (let i = 0; i < n; i++) await kv.create(`${prefix}${i}`, value1k);
  });
  return (n / ms) * 1000;
}

/** The median of three runs, each on its own key range: the machine is shared, so one run is noise. */
async function median3(run: (prefix: string) => Promise<number>, prefix: string): Promise<number> {
  const results: number[] = [];
  for (let i = 0; i < 3; i++) results.push(await run(`${prefix}${i}/`));
  return percentile(results, 50);
}

async function putsConcurrent(kv: KV, prefix: string, n: number, concurrency: number): Promise<number> {
  let next = 0;
  const ms = await timed(() =>
    Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = next++; i < n; i = next++) await kv.create(`${prefix}${i}`, value1k);
      }),
    ),
  );
  return (n / ms) * 1000;
}

async function gets(kv: KV, prefix: string, keys: number, n: number, concurrency: number): Promise<number> {
  let next = 0;
  const ms = await timed(() =>
    Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let i = next++; i < n; i = next++) await kv.get(`${prefix}${(i * 7919) % keys}`);
      }),
    ),
  );
  return (n / ms) * 1000;
}

/** Median time of a full list of the prefix. */
async function listMs(run: () => Promise<unknown>, rounds = 5): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < rounds; i++) times.push(await timed(run));
  return percentile(times, 50);
}

/** Delivery latency (write call → event received) across `watchers` watchers and `writes` writes. */
async function watchLatency(
  kv: KV,
  prefix: string,
  watchers: number,
  writes: number,
  storageLevel: boolean,
): Promise<{ p50: number; p99: number; max: number }> {
  const ac = new AbortController();
  setMaxListeners(0, ac.signal); // one signal shared by every watcher on purpose
  const arrivals: Map<number, number>[] = [];
  const start = await kv.currentRevision();
  const store = newStore(kv);
  const loops = Array.from({ length: watchers }, async (_, w) => {
    const seen = new Map<number, number>();
    arrivals[w] = seen;
    if (storageLevel) {
      for await (const ev of store.watch(prefix, { resourceVersion: String(start), signal: ac.signal })) {
        if (ev.type !== 'BOOKMARK') seen.set(ev.resourceVersion, performance.now());
      }
    } else {
      for await (const batch of kv.watch(prefix, start, ac.signal)) {
        const now = performance.now();
        for (const ev of batch) seen.set(ev.kv.modRevision, now);
      }
    }
  });
  await new Promise((r) => setTimeout(r, 200));
  const sent = new Map<number, number>();
  const body = new TextEncoder().encode(
    JSON.stringify({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x', namespace: 'default' },
      data: { k: 'v'.repeat(900) },
    }),
  );
  for (let i = 0; i < writes; i++) {
    const t0 = performance.now();
    const { revision } = await kv.create(`${prefix}${i}`, body);
    sent.set(revision, t0);
    await new Promise((r) => setTimeout(r, 10));
  }
  const deadline = Date.now() + 30_000;
  while (arrivals.some((m) => m.size < writes) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  ac.abort();
  await Promise.all(loops);
  const latencies: number[] = [];
  for (const m of arrivals) for (const [rev, t] of m) if (sent.has(rev)) latencies.push(t - sent.get(rev)!);
  if (latencies.length < watchers * writes)
    throw new Error(`only ${latencies.length} of ${watchers * writes} events arrived`);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: Math.max(...latencies) };
}

function heapAndBuffers(): number {
  global.gc?.();
  global.gc?.();
  const m = process.memoryUsage();
  return m.heapUsed + m.external;
}

async function main(): Promise<void> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'hk-bench-'));
  const rows: Row[] = [];
  const etcdBinary = findEtcd();
  const etcd = etcdBinary ? await startEtcd({ progressNotifyIntervalMs: 600_000 }) : undefined;
  const etcdKV = etcd ? await newEtcdKV({ servers: [etcd.endpoint] }) : undefined;
  if (etcd) await new Promise((r) => setTimeout(r, 2000)); // let etcd finish its start-up disk work
  try {
    const kv = await openDurableKV({ dataDir: path.join(work, 'durable') });
    const nSeq = scale(1000);
    const nConc = scale(10_000);
    const nGets = scale(100_000);
    rows.push({
      metric: 'puts/s sequential (1 KB, acked after fsync)',
      unit: 'ops/s',
      ours: await median3((p) => putsSequential(kv, p, nSeq), '/seq/'),
      etcd: etcdKV && (await median3((p) => putsSequential(etcdKV, p, nSeq), '/seq/')),
    });
    const fsyncsBefore = kv.stats.fsyncs;
    rows.push({
      metric: 'puts/s 32-way concurrent (1 KB)',
      unit: 'ops/s',
      ours: await median3((p) => putsConcurrent(kv, p, nConc, 32), '/conc/'),
      etcd: etcdKV && (await median3((p) => putsConcurrent(etcdKV, p, nConc, 32), '/conc/')),
    });
    const perFsync = (3 * nConc) / (kv.stats.fsyncs - fsyncsBefore);
    // The key set later reads use: the first concurrent run's keys.
    const readPrefix = '/conc/0/';
    rows.push({
      metric: 'gets/s sequential',
      unit: 'ops/s',
      ours: await gets(kv, readPrefix, nConc, nGets, 1),
      etcd: etcdKV && (await gets(etcdKV, readPrefix, nConc, scale(5000), 1)),
    });
    rows.push({
      metric: 'gets/s 32-way concurrent',
      unit: 'ops/s',
      ours: await gets(kv, readPrefix, nConc, nGets, 32),
      etcd: etcdKV && (await gets(etcdKV, readPrefix, nConc, scale(20_000), 32)),
    });
    rows.push({
      metric: `list of ${nConc} keys (KV)`,
      unit: 'ms',
      ours: await listMs(() => kv.list(readPrefix)),
      etcd: etcdKV && (await listMs(() => etcdKV.list(readPrefix))),
    });
    const store = newStore(kv);
    rows.push({
      metric: `getList of ${nConc} objects (Storage, decoded)`,
      unit: 'ms',
      ours: await listMs(() => store.getList(readPrefix)),
    });
    await kv.close();

    const wkv = await openDurableKV({ dataDir: path.join(work, 'watch') });
    const w = await watchLatency(wkv, '/registry/configmaps/', 1000, scale(50), false);
    rows.push({
      metric: 'watch delivery, 1000 KV watchers: p50 / p99 / max',
      unit: 'ms',
      ours: w.p50,
      text: `${w.p50.toFixed(2)} / ${w.p99.toFixed(2)} / ${w.max.toFixed(2)}`,
    });
    const s = await watchLatency(wkv, '/registry/secrets/', 1000, scale(50), true);
    rows.push({
      metric: 'watch delivery, 1000 Storage watchers (decoded): p50 / p99 / max',
      unit: 'ms',
      ours: s.p50,
      text: `${s.p50.toFixed(2)} / ${s.p99.toFixed(2)} / ${s.max.toFixed(2)}`,
    });
    await wkv.close();

    const nRestart = scale(100_000);
    const rdir = path.join(work, 'restart');
    const fill = await openDurableKV({ dataDir: rdir });
    await putsConcurrent(fill, '/registry/pods/default/pod-', nRestart, 64);
    await fill.close();
    const base = heapAndBuffers();
    const reopened = await openDurableKV({ dataDir: rdir });
    const perObject = (heapAndBuffers() - base) / nRestart;
    rows.push({
      metric: `restart with ${nRestart} keys of 1 KB (snapshot + log replay)`,
      unit: 'ms',
      ours: reopened.stats.openMs,
      text: `${reopened.stats.openMs.toFixed(0)} (replayed ${reopened.stats.replayed} log records)`,
    });
    rows.push({ metric: 'memory per stored 1 KB object (after restart)', unit: 'bytes', ours: perObject });
    await reopened.close();

    console.log(
      `hyperkube-ts storage benchmark${quick ? ' (--quick)' : ''}: node ${process.version}, ${os.cpus().length}× ${os.cpus()[0]?.model ?? 'cpu'}, load average ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}, data in ${os.tmpdir()}`,
    );
    if (etcdBinary)
      console.log(
        `etcd: ${execFileSync(etcdBinary, ['--version']).toString().split('\n')[0]}, same disk, default flags`,
      );
    else console.log('etcd: not installed, no comparison');
    console.log(`group commit: ${perFsync.toFixed(1)} writes per fsync at 32-way concurrency`);
    console.log(formatTable(rows, Boolean(etcdKV)));
  } finally {
    await etcdKV?.close();
    await etcd?.stop();
    await rm(work, { recursive: true, force: true });
  }
}

await main();
