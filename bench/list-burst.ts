/**
 * Server memory under a LIST burst: --connections clients, each on its own keep-alive connection,
 * send one LIST of a namespace holding --items ConfigMaps at the same moment, and read the answers
 * as fast as they can. The figure is the server's peak resident set during the burst (VmHWM, reset
 * before each burst). Three targets, each through --bursts bursts:
 *
 *   token user       an ordinary user, subject to --max-requests-inflight (400 by default): the
 *                    requests above the limit are answered 429 at once
 *   system:masters   the admin, which the in-flight limit never refuses: every LIST is admitted
 *   reference        a bare node:https server answering the same bytes from memory: the floor for
 *                    Node holding that many TLS responses at once
 *
 * The apiserver runs with --request-timeout=10m by default: 500 interleaved streams of a 5 MiB list
 * take longer than the default minute on a shared 2-core machine whose client decrypts them too,
 * and a list cut by the timeout would hide the memory it would have taken.
 *
 *   node bench/run.mjs list-burst [--items=10000] [--connections=500] [--bursts=2] [--request-timeout=10m] [--bundle=dist/hyperkube.js]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { startBenchAPIServer, type BenchAPIServer, type ClientTLS } from './lib/apiserver.js';
import { intFlag, parseFlags } from './lib/args.js';
import { closedLoop, describeFailures, send } from './lib/load.js';
import { getFreePort, makeTempDir, processRSSKiB, runBench, startProcess } from './lib/processes.js';
import { waitFor200 } from './lib/probe.js';
import { servingCertificateFrom, writeReferenceServer } from './lib/reference-server.js';
import { bytes, describeFile, loadAverage, ms, printConditions, printTable } from './lib/report.js';
import { undici } from './lib/undici.js';

const usage =
  'node bench/run.mjs list-burst [--items=10000] [--connections=500] [--bursts=2] [--request-timeout=10m] [--bundle=dist/hyperkube.js]';
const flags = parseFlags(usage, {
  items: { type: 'string', default: '10000' },
  connections: { type: 'string', default: '500' },
  bursts: { type: 'string', default: '2' },
  'request-timeout': { type: 'string', default: '10m' },
  bundle: { type: 'string', default: 'dist/hyperkube.js' },
  help: { type: 'boolean', default: false },
});
if (flags.help) {
  console.log(`usage: ${usage}`);
  process.exit(0);
}
const items = intFlag(usage, 'items', flags.items);
const connections = intFlag(usage, 'connections', flags.connections);
const bursts = intFlag(usage, 'bursts', flags.bursts);
const bundle = path.resolve(flags.bundle);

const namespace = 'bench-burst';
const listPath = `/api/v1/namespaces/${namespace}/configmaps`;
const token = 'bench-burst-token';

interface Target {
  label: string;
  origin: string;
  connect: ClientTLS;
  headers: Record<string, string>;
  pid: number | undefined;
}

interface Burst {
  /** Server RSS just before the burst. */
  beforeKiB: number | undefined;
  /** Highest RSS during the burst (VmHWM after a reset), or the highest sample where the reset is not allowed. */
  peakKiB: number | undefined;
  ok: number;
  tooMany: number;
  /** Anything else: other statuses, transport errors, short bodies. */
  failures: Map<string, number>;
  /** Time until the last answer was read in full. */
  elapsedMs: number;
  /** CPU time the server process used during the burst (user + system). */
  serverCPUMs: number | undefined;
  /** Bytes of one complete 200 answer. */
  listBytes: number | undefined;
}

/** "HTTP 500 ×3, error: … ×1", or "none". */
function describe(failures: Map<string, number>): string {
  return failures.size === 0 ? 'none' : [...failures].map(([kind, n]) => `${kind} ×${n}`).join(', ');
}

/** About 600 bytes of JSON, like the api bench's ConfigMaps. */
function configMap(name: string): string {
  const settings = Array.from({ length: 16 }, (_, i) => `setting${i}: value-${i}`).join('\n');
  return JSON.stringify({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, labels: { app: 'bench' } },
    data: { 'config.yaml': settings, mode: 'bench' },
  });
}

/** Resets the kernel's peak-RSS mark of `pid` (Linux ≥ 4.0); false where that is not allowed. */
function resetPeakRSS(pid: number | undefined): boolean {
  if (pid === undefined) return false;
  try {
    writeFileSync(`/proc/${pid}/clear_refs`, '5');
    return true;
  } catch {
    return false;
  }
}

/** User + system CPU time of `pid` so far, in ms (Linux /proc, 100 ticks a second). */
function cpuMs(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return undefined;
  }
}

function peakRSSKiB(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const match = /^VmHWM:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** One burst: every client sends its LIST at once; resolves when every answer is read or has failed. */
async function burst(target: Target): Promise<Burst> {
  const clients = Array.from(
    { length: connections },
    () =>
      new undici.Client(target.origin, {
        connect: target.connect,
        pipelining: 1,
        headersTimeout: 120_000,
        bodyTimeout: 120_000,
      }),
  );
  try {
    // Open every connection first: the TLS handshakes are not what this measures.
    await Promise.all(
      clients.map(async (c) => {
        const res = await c.request({ method: 'GET', path: '/readyz', headers: target.headers });
        await res.body.dump();
      }),
    );
    const beforeKiB = processRSSKiB(target.pid);
    const cpuBefore = cpuMs(target.pid);
    const hwm = resetPeakRSS(target.pid);
    let sampledPeak = beforeKiB ?? 0;
    const sampler = setInterval(() => {
      sampledPeak = Math.max(sampledPeak, processRSSKiB(target.pid) ?? 0);
    }, 20);
    const failures = new Map<string, number>();
    const fail = (kind: string): void => {
      failures.set(kind, (failures.get(kind) ?? 0) + 1);
    };
    let ok = 0;
    let tooMany = 0;
    let listBytes: number | undefined;
    const started = performance.now();
    await Promise.all(
      clients.map(async (c) => {
        try {
          const res = await c.request({ method: 'GET', path: listPath, headers: target.headers });
          let length = 0;
          for await (const chunk of res.body) length += (chunk as Buffer).length;
          if (res.statusCode === 200) {
            listBytes ??= length;
            if (length === listBytes) ok++;
            else fail(`short body (${length} of ${listBytes} bytes)`);
          } else if (res.statusCode === 429) tooMany++;
          else fail(`HTTP ${res.statusCode}`);
        } catch (err) {
          fail(`error: ${err instanceof Error ? err.message : String(err)}`);
        }
      }),
    );
    const elapsedMs = performance.now() - started;
    const cpuAfter = cpuMs(target.pid);
    const serverCPUMs = cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore;
    clearInterval(sampler);
    sampledPeak = Math.max(sampledPeak, processRSSKiB(target.pid) ?? 0);
    const peakKiB = hwm ? peakRSSKiB(target.pid) : sampledPeak || undefined;
    return { beforeKiB, peakKiB, ok, tooMany, failures, elapsedMs, serverCPUMs, listBytes };
  } finally {
    await Promise.all(clients.map((c) => c.destroy()));
  }
}

async function runBursts(target: Target): Promise<Burst[]> {
  const results: Burst[] = [];
  for (let i = 0; i < bursts; i++) results.push(await burst(target));
  return results;
}

/** Creates the namespace and `items` ConfigMaps in it, 16 at a time. */
async function populate(server: BenchAPIServer): Promise<void> {
  const pool = new undici.Pool(server.origin, { connect: server.tls, connections: 16, pipelining: 1 });
  try {
    const ns = await send(
      pool,
      'POST',
      '/api/v1/namespaces',
      JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } }),
    );
    if (ns.status !== 201) throw new Error(`create namespace: HTTP ${ns.status} ${ns.body.toString().slice(0, 300)}`);
    const created = await closedLoop({
      concurrency: 16,
      count: items,
      durationMs: 300_000,
      request: (i) => send(pool, 'POST', listPath, configMap(`cm-${i}`)),
    });
    if (created.latenciesMs.length < items)
      throw new Error(
        `only ${created.latenciesMs.length} of ${items} ConfigMaps created: ${describeFailures(created.failures)}`,
      );
  } finally {
    await pool.destroy();
  }
}

await runBench(async () => {
  printConditions(`Server memory under a burst of ${connections} simultaneous LISTs`, {
    bundle: describeFile(bundle),
    mode: `${items.toLocaleString('en-US')} ConfigMaps (about 600 bytes of JSON each as sent) × ${connections} connections × ${bursts} bursts; apiserver --request-timeout=${flags['request-timeout']}`,
    client: 'this process (undici), same machine; each connection reads its answer as fast as it can',
  });
  const dir = makeTempDir('bench-list-burst-');
  const tokenFile = path.join(dir, 'tokens.csv');
  writeFileSync(tokenFile, `${token},bench-user,1001\n`);
  const server = await startBenchAPIServer({
    bundle,
    storage: 'memory',
    args: ['--token-auth-file', tokenFile, '--request-timeout', flags['request-timeout']],
  });
  const rows: Array<[string, Burst[]]> = [];
  let captured: Buffer | undefined;
  try {
    await populate(server);
    const pid = server.proc.child.pid;
    const common = { origin: server.origin, pid };
    rows.push([
      'token user',
      await runBursts({
        ...common,
        label: 'token user',
        connect: { ca: server.tls.ca },
        headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
      }),
    ]);
    rows.push([
      'system:masters',
      await runBursts({
        ...common,
        label: 'system:masters',
        connect: server.tls,
        headers: { accept: 'application/json' },
      }),
    ]);
    const one = new undici.Pool(server.origin, { connect: server.tls, connections: 1 });
    try {
      const answer = await send(one, 'GET', listPath);
      if (answer.status !== 200) throw new Error(`capturing the LIST: HTTP ${answer.status}`);
      captured = answer.body;
    } finally {
      await one.destroy();
    }
  } finally {
    const exit = await server.stop();
    if (exit.code !== 0)
      console.log(`warning: apiserver exited with code=${exit.code} signal=${exit.signal}\n${server.proc.output()}`);
  }
  rows.push(['reference', await measureReference(server.dataDir, captured)]);

  const header = ['target', 'burst', 'RSS before', 'peak RSS', '200', '429', 'other', 'all answered in', 'server CPU'];
  printTable(
    header,
    rows.flatMap(([label, results]) =>
      results.map((b, i) => [
        i === 0 ? label : '',
        String(i + 1),
        b.beforeKiB === undefined ? 'n/a' : bytes(b.beforeKiB * 1024),
        b.peakKiB === undefined ? 'n/a' : bytes(b.peakKiB * 1024),
        String(b.ok),
        String(b.tooMany),
        describe(b.failures),
        ms(b.elapsedMs),
        ms(b.serverCPUMs),
      ]),
    ),
  );
  const size = rows.flatMap(([, r]) => r).find((b) => b.listBytes !== undefined)?.listBytes;
  console.log(`\nLIST answer: ${bytes(size)}; peak RSS is the kernel's high-water mark, reset before each burst.`);
  console.log(`load average at end: ${loadAverage()}`);
});

/** The same bursts against a bare node:https server that answers the captured LIST bytes. */
async function measureReference(dataDir: string, body: Buffer | undefined): Promise<Burst[]> {
  if (!body) throw new Error('no LIST answer was captured for the reference');
  const dir = makeTempDir('bench-list-burst-ref-');
  const ref = writeReferenceServer(dir, {
    ...servingCertificateFrom(dataDir),
    routes: {
      'GET /readyz': { status: 200, body: 'ok', contentType: 'text/plain' },
      [`GET ${listPath}`]: { status: 200, body: body.toString('utf8') },
    },
  });
  const port = await getFreePort();
  const proc = startProcess(process.execPath, ref.args(port), { cwd: dir });
  try {
    await waitFor200(proc, port, '/readyz', { intervalMs: 20, timeoutMs: 30_000 });
    return await runBursts({
      label: 'reference',
      origin: `https://127.0.0.1:${port}`,
      connect: { ca: readFileSync(path.join(dataDir, 'pki', 'ca.crt'), 'utf8') },
      headers: { accept: 'application/json' },
      pid: proc.child.pid,
    });
  } finally {
    await proc.stop();
  }
}
