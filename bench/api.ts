/**
 * The Kubernetes REST API under load: the kube-apiserver bundle (one column per storage backend)
 * beside a bare node:https server that answers the same bytes (the Node ceiling), in one run.
 *
 *   node bench/run.mjs api [--full] [--storage=memory,embedded] [--connections=16] …  (--help)
 *
 * For each target, in order:
 *   creates   POST configmaps into one namespace: sequentially (1 connection), then 16-way
 *             concurrently, until the namespace holds --list-items of them
 *   GET       one ConfigMap from --connections keep-alive connections, closed loops, for a while
 *   LIST      the whole namespace (--list-items ConfigMaps), one at a time: time to last byte
 *   watch     --watchers streams on a namespace; one create at a time; time until every
 *             stream has the event (p50/p99/max over streams × events)
 * The reference answers with bytes captured from the first apiserver column (same shape and
 * size), and its watch streams get the captured event line on every POST.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { measureTarget, type Captured, type Measured, type Sizes, type Target } from './lib/api-phases.js';
import { startBenchAPIServer, storeFiles, type StorageType } from './lib/apiserver.js';
import { intFlag, parseFlags, usageError } from './lib/args.js';
import type { LoadResult } from './lib/load.js';
import { getFreePort, makeTempDir, processRSSKiB, runBench, startProcess } from './lib/processes.js';
import { waitFor200 } from './lib/probe.js';
import { servingCertificateFrom, writeReferenceServer } from './lib/reference-server.js';
import { bytes, describeFile, loadAverage, ms, perSecond, printConditions, printTable, ratio } from './lib/report.js';
import { summarize } from './lib/stats.js';

const usage =
  'node bench/run.mjs api [--full] [--storage=memory,embedded] [--connections=16] [--duration-seconds=3|10] [--list-items=10000] ' +
  '[--list-reps=5|20] [--sequential-creates=300|2000] [--watchers=1000] [--watch-events=3|10] [--bundle=dist/hyperkube.js]';
const flags = parseFlags(usage, {
  full: { type: 'boolean', default: false },
  storage: { type: 'string', default: 'memory,embedded' },
  connections: { type: 'string', default: '16' },
  'duration-seconds': { type: 'string' },
  'list-items': { type: 'string', default: '10000' },
  'list-reps': { type: 'string' },
  'sequential-creates': { type: 'string' },
  watchers: { type: 'string', default: '1000' },
  'watch-events': { type: 'string' },
  bundle: { type: 'string', default: 'dist/hyperkube.js' },
  help: { type: 'boolean', default: false },
});
if (flags.help) {
  console.log(`usage: ${usage}`);
  process.exit(0);
}
const full = flags.full;
const sizes: Sizes = {
  connections: intFlag(usage, 'connections', flags.connections),
  getDurationMs: intFlag(usage, 'duration-seconds', flags['duration-seconds'] ?? (full ? '10' : '3')) * 1000,
  listItems: intFlag(usage, 'list-items', flags['list-items']),
  listReps: intFlag(usage, 'list-reps', flags['list-reps'] ?? (full ? '20' : '5')),
  sequentialCreates: intFlag(usage, 'sequential-creates', flags['sequential-creates'] ?? (full ? '2000' : '300')),
  concurrentCreators: 16,
  watchers: intFlag(usage, 'watchers', flags.watchers),
  watchEvents: intFlag(usage, 'watch-events', flags['watch-events'] ?? (full ? '10' : '3')),
  // Populating the list namespace is the concurrent-create measurement; never let it run away.
  createTimeBoundMs: full ? 180_000 : 60_000,
};
const storages = flags.storage.split(',').map((s): StorageType => {
  const name = s.trim();
  return name === 'memory' || name === 'embedded'
    ? name
    : usageError(usage, `--storage takes memory and/or embedded, got ${JSON.stringify(name)}`);
});
const bundle = path.resolve(flags.bundle);

interface Column {
  label: string;
  figures?: Measured;
  note?: string;
}

await runBench(async () => {
  if (!existsSync(bundle)) throw new Error(`${bundle} does not exist: run \`node build.mjs\` first`);
  printConditions(
    `Kubernetes REST API under load: apiserver (${storages.join(', ')} storage) vs a bare node:https server answering the same bytes`,
    {
      bundle: describeFile(bundle),
      mode: `${full ? '--full' : 'default (short; --full for the big numbers)'}: GET ${sizes.connections} conns × ${sizes.getDurationMs / 1000} s; LIST ${sizes.listItems.toLocaleString('en-US')} items × ${sizes.listReps}; creates ${sizes.sequentialCreates} sequential + ${Math.max(0, sizes.listItems - sizes.sequentialCreates)} ${sizes.concurrentCreators}-way; watch ${sizes.watchers} streams × ${sizes.watchEvents} events`,
      client:
        'this process (undici), same machine: client CPU is part of every figure, for reference and apiserver alike',
    },
  );

  const columns = new Map<string, Column>();
  let captured: Captured | undefined;
  let referenceTLS: { certPEM: string; keyPEM: string; ca: string } | undefined;
  for (const storage of storages) {
    const column: Column = { label: storage };
    columns.set(storage, column);
    const server = await startBenchAPIServer({ bundle, storage });
    try {
      const target: Target = {
        label: storage,
        origin: server.origin,
        connect: server.tls,
        apiserver: true,
        rssKiB: server.rssKiB,
      };
      const result = await measureTarget(target, sizes, {
        // Storage that leaves no files after the first writes is not wired: its figures would
        // only repeat memory's under another name.
        afterFirstWrites: () => {
          if (storage !== 'embedded' || storeFiles(server.dataDir).length > 0) return undefined;
          return '--storage embedded accepted but nothing besides pki/ and kubeconfig was written to --data-dir after the first writes (no durable backend wired yet)';
        },
      }).catch((err: unknown) => ({
        skipped: `FAILED: ${err instanceof Error ? err.message : String(err)}\n${server.proc.output().slice(-1500)}`,
      }));
      if ('skipped' in result) column.note = result.skipped;
      else {
        column.figures = result.measured;
        if (!captured) {
          captured = result.captured;
          referenceTLS = {
            ...servingCertificateFrom(server.dataDir),
            ca: readFileSync(path.join(server.dataDir, 'pki', 'ca.crt'), 'utf8'),
          };
        }
      }
    } finally {
      const exit = await server.stop();
      if (exit.code !== 0)
        console.log(
          `warning: apiserver (${storage}) exited with code=${exit.code} signal=${exit.signal} after SIGTERM\n${server.proc.output().slice(-2000)}`,
        );
    }
  }
  if (!captured || !referenceTLS)
    throw new Error(
      `no apiserver column was measured: ${[...columns.values()].map((c) => `${c.label}: ${c.note ?? '?'}`).join('; ')}`,
    );

  const reference = await measureReference(captured, referenceTLS);
  report(reference, columns);
  console.log(`\nload average at end: ${loadAverage()}`);
});

/** Serves the captured bytes from a reference process and measures it like an apiserver. */
async function measureReference(
  captured: Captured,
  tls: { certPEM: string; keyPEM: string; ca: string },
): Promise<Measured> {
  const dir = makeTempDir('bench-api-ref-');
  const ref = writeReferenceServer(dir, {
    certPEM: tls.certPEM,
    keyPEM: tls.keyPEM,
    routes: {
      [`GET ${captured.getPath}`]: { status: 200, body: captured.getBody },
      [`GET ${captured.listPath}`]: { status: 200, body: captured.listBody },
      [`POST ${captured.listPath}`]: { status: 201, body: captured.createBody },
      [`POST ${captured.watchCollectionPath}`]: { status: 201, body: captured.createBody },
    },
    watch: { path: captured.watchCollectionPath, event: captured.watchLine },
  });
  const port = await getFreePort();
  const proc = startProcess(process.execPath, ref.args(port), { cwd: dir });
  try {
    await waitFor200(proc, port, captured.getPath, { intervalMs: 20, timeoutMs: 30_000 });
    const pid = proc.child.pid;
    const result = await measureTarget(
      {
        label: 'reference',
        origin: `https://127.0.0.1:${port}`,
        connect: { ca: tls.ca },
        apiserver: false,
        rssKiB: () => processRSSKiB(pid),
      },
      sizes,
      {},
    );
    if ('skipped' in result) throw new Error(`reference: ${result.skipped}`);
    return result.measured;
  } finally {
    await proc.stop();
  }
}

function report(reference: Measured, columns: Map<string, Column>): void {
  const measured = [...columns.values()].filter((c): c is Column & { figures: Measured } => c.figures !== undefined);
  const rate = (r: LoadResult): number => (r.latenciesMs.length * 1000) / r.elapsedMs;
  type Row = [string, (m: Measured) => number | undefined, (v: number | undefined) => string];
  const rows: Row[] = [
    [`GET 1 ConfigMap, ${sizes.connections} conns: req/s`, (m) => rate(m.get), perSecond],
    ['  latency p50', (m) => pct(m.get.latenciesMs, 'p50'), ms],
    ['  latency p99', (m) => pct(m.get.latenciesMs, 'p99'), ms],
    [
      `LIST ${sizes.listItems.toLocaleString('en-US')} ConfigMaps: median per list`,
      (m) => pct(m.list.latenciesMs, 'p50'),
      ms,
    ],
    ['  min per list', (m) => pct(m.list.latenciesMs, 'min'), ms],
    ['  response size', (m) => m.listBytes, bytes],
    ['create, sequential: creates/s', (m) => rate(m.createSequential), perSecond],
    [`create, ${sizes.concurrentCreators}-way: creates/s`, (m) => rate(m.createConcurrent), perSecond],
    [`watch: open ${sizes.watchers} streams`, (m) => m.watch.setupMs, ms],
    ['watch fan-out: event latency p50', (m) => pct(m.watch.latenciesMs, 'p50'), ms],
    ['  p99', (m) => pct(m.watch.latenciesMs, 'p99'), ms],
    ['  max (all streams have it)', (m) => pct(m.watch.latenciesMs, 'max'), ms],
    ['server RSS at end', (m) => m.rssKiB, (v) => (v === undefined ? 'n/a' : bytes(v * 1024))],
  ];
  const header = ['metric', 'reference', ...measured.flatMap((c) => [c.label, `${c.label} ÷ ref`])];
  printTable(
    header,
    rows.map(([label, pick, format]) => [
      label,
      format(pick(reference)),
      ...measured.flatMap((c) => [format(pick(c.figures)), ratio(pick(c.figures), pick(reference))]),
    ]),
  );
  console.log('\nratio = apiserver ÷ reference: for times >1× is slower, for rates <1× is slower.');
  for (const c of columns.values()) if (c.note) console.log(`note: ${c.label} column skipped: ${c.note}`);
  for (const [label, m] of [['reference', reference] as const, ...measured.map((c) => [c.label, c.figures] as const)]) {
    console.log(`${label}: ${m.problems.length === 0 ? 'no failed request, every count as expected' : 'PROBLEMS'}`);
    for (const p of m.problems) console.log(`  ${p}`);
  }
}

function pct(values: number[], which: 'min' | 'p50' | 'p99' | 'max'): number | undefined {
  return values.length === 0 ? undefined : summarize(values)[which];
}
