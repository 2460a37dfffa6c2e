/**
 * Startup time of the kube-apiserver bundle: from exec to the first 200 on an anonymous
 * `GET /readyz`, beside a bare node:https hello server started the same way (the floor for
 * "a Node process that serves TLS"), measured in the same run.
 *
 *   node bench/run.mjs startup [--runs=10] [--warmup=1] [--bundle=dist/hyperkube.js] [--interval-ms=3] [--max-seconds=100]
 *
 * Cases, each round in this order so that load drifts hit them alike:
 *   reference        node <tmp>/reference-server.mjs (certificate generated once, up front)
 *   first start      apiserver --storage memory on a fresh --data-dir: it generates the PKI
 *   restart          the same --data-dir again: certificates are read back, not generated
 *   embedded restart --storage embedded on a data dir it already initialized (when wired)
 */
import { existsSync, rmSync } from 'node:fs';
import path from 'node:path';
import { storeFiles } from './lib/apiserver.js';
import { intFlag, parseFlags } from './lib/args.js';
import { getFreePort, makeTempDir, runBench, startProcess } from './lib/processes.js';
import { waitFor200 } from './lib/probe.js';
import { servingCertificateFrom, writeReferenceServer } from './lib/reference-server.js';
import { describeFile, loadAverage, ms, printConditions, printTable, ratio } from './lib/report.js';
import { summarize } from './lib/stats.js';

const usage =
  'node bench/run.mjs startup [--runs=10] [--warmup=1] [--bundle=dist/hyperkube.js] [--interval-ms=3] [--max-seconds=100]';
const flags = parseFlags(usage, {
  runs: { type: 'string', default: '10' },
  warmup: { type: 'string', default: '1' },
  bundle: { type: 'string', default: 'dist/hyperkube.js' },
  'interval-ms': { type: 'string', default: '3' },
  'max-seconds': { type: 'string', default: '100' },
});
const runs = intFlag(usage, 'runs', flags.runs);
const warmup = intFlag(usage, 'warmup', flags.warmup, 0);
const intervalMs = intFlag(usage, 'interval-ms', flags['interval-ms']);
const maxMs = intFlag(usage, 'max-seconds', flags['max-seconds']) * 1000;
const bundle = path.resolve(flags.bundle);
/** One start may be slow on a loaded machine, but never unbounded. */
const startTimeoutMs = 30_000;

interface Case {
  label: string;
  /** Starts one timed run and returns exec → first 200 /readyz in ms. */
  once(): Promise<number>;
  samples: number[];
}

await runBench(async () => {
  if (!existsSync(bundle)) throw new Error(`${bundle} does not exist: run \`node build.mjs\` first`);
  printConditions('kube-apiserver startup: exec → first 200 on anonymous GET /readyz', {
    bundle: describeFile(bundle),
    method: `${runs} timed rounds after ${warmup} warm-up round(s), cases interleaved per round; fresh HTTPS connection per probe, every ${intervalMs} ms`,
  });

  const apiserverArgs = (storage: string, port: number, dataDir: string): string[] => [
    bundle,
    'apiserver',
    '--storage',
    storage,
    '--secure-port',
    String(port),
    '--bind-address',
    '127.0.0.1',
    '--data-dir',
    dataDir,
  ];
  // The reference serves the certificate of an apiserver started once up front (untimed).
  const refDir = makeTempDir('bench-startup-ref-');
  await timeStart((port) => apiserverArgs('memory', port, refDir), refDir);
  const reference = writeReferenceServer(refDir, {
    ...servingCertificateFrom(refDir),
    routes: { 'GET /readyz': { status: 200, body: 'ok', contentType: 'text/plain' } },
  });

  let memoryDir = '';
  const cases: Case[] = [
    {
      label: 'reference: node:https hello',
      samples: [],
      once: () => timeStart((port) => reference.args(port), refDir),
    },
    {
      label: 'apiserver first start (memory, generates certs)',
      samples: [],
      once: () => {
        memoryDir = makeTempDir('bench-startup-memory-');
        return timeStart((port) => apiserverArgs('memory', port, memoryDir), memoryDir);
      },
    },
    {
      label: 'apiserver restart (memory, certs reused)',
      samples: [],
      once: async () => {
        const ms = await timeStart((port) => apiserverArgs('memory', port, memoryDir), memoryDir);
        rmSync(memoryDir, { recursive: true, force: true });
        return ms;
      },
    },
  ];

  const embedded = await embeddedCase(apiserverArgs);
  if (typeof embedded === 'string') console.log(`note: embedded restart skipped: ${embedded}\n`);
  else cases.push(embedded);

  const started = performance.now();
  let completed = 0;
  for (let round = 0; round < warmup + runs; round++) {
    if (performance.now() - started > maxMs) {
      console.log(`note: stopped after ${completed} timed round(s): --max-seconds=${maxMs / 1000} reached\n`);
      break;
    }
    for (const c of cases) {
      const elapsed = await c.once();
      if (round >= warmup) c.samples.push(elapsed);
    }
    if (round >= warmup) completed++;
  }
  if (completed === 0) throw new Error('no timed round completed');

  const ref = summarize(cases[0]?.samples ?? []);
  printTable(
    ['case', 'n', 'min', 'median', 'p90', 'max', 'median ÷ ref'],
    cases.map((c) => {
      const s = summarize(c.samples);
      return [
        c.label,
        String(s.n),
        ms(s.min),
        ms(s.p50),
        ms(s.p90),
        ms(s.max),
        c === cases[0] ? '1.00×' : ratio(s.p50, ref.p50),
      ];
    }),
  );
  console.log(`\ntotal ${((performance.now() - started) / 1000).toFixed(1)} s; load average at end: ${loadAverage()}`);
});

/**
 * Starts `node <args(port)>` in `cwd` (with HOME there, so nothing is read from the real home),
 * times exec → first 200 /readyz, then stops it and checks it exits cleanly.
 */
async function timeStart(args: (port: number) => string[], cwd: string): Promise<number> {
  const port = await getFreePort();
  const t0 = performance.now();
  const proc = startProcess(process.execPath, args(port), { cwd, env: { ...process.env, HOME: cwd } });
  try {
    const readyAt = await waitFor200(proc, port, '/readyz', { intervalMs, timeoutMs: startTimeoutMs });
    return readyAt - t0;
  } finally {
    const exit = await proc.stop();
    if (exit.code !== 0)
      console.log(
        `warning: ${path.basename(args(port)[0] ?? '')} exited with code=${exit.code} signal=${exit.signal} after SIGTERM\n${proc.output().slice(-2000)}`,
      );
  }
}

/**
 * The embedded-storage restart case, or why it is skipped. A durable backend must leave files
 * in --data-dir besides pki/ and the kubeconfig; if a first embedded start leaves none, the flag
 * is accepted but no backend is wired yet, and timing it would only repeat the memory figure.
 */
async function embeddedCase(
  apiserverArgs: (storage: string, port: number, dataDir: string) => string[],
): Promise<Case | string> {
  const dir = makeTempDir('bench-startup-embedded-');
  try {
    await timeStart((port) => apiserverArgs('embedded', port, dir), dir);
  } catch (err) {
    return `a first --storage embedded start failed: ${(err instanceof Error ? err.message : String(err)).split('\n')[0]}`;
  }
  const files = storeFiles(dir);
  if (files.length === 0) {
    const factory = 'pkg/storage/storagebackend/factory.ts';
    return `--storage embedded is accepted but writes nothing to --data-dir besides pki/ and kubeconfig (no durable backend wired yet; ${factory} ${existsSync(factory) ? 'exists' : 'does not exist'})`;
  }
  return {
    label: `apiserver restart (embedded: ${files.join(', ')})`,
    samples: [],
    once: () => timeStart((port) => apiserverArgs('embedded', port, dir), dir),
  };
}
