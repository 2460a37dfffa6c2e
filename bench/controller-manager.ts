/**
 * kube-controller-manager at rest: its CPU and memory once it has synced, with an empty cluster
 * and with 1,000 pods (half of them owned by ConfigMaps, so the garbage collector's graph has
 * edges), and the connections it holds to the apiserver (one watch per resource it follows, plus
 * pooled request connections).
 *
 *   npm run bench:controller-manager -- [--pods=1000] [--window-seconds=30]
 *
 * Each case: a fresh apiserver bundle (memory store), the objects created over HTTPS, then the
 * standalone kube-controller-manager bundle with the admin kubeconfig and upstream's defaults
 * (leader election on). Measured after the garbage collector reports its monitors synced and a
 * settling pause: CPU time over the window (from /proc/<pid>/stat), RSS at its end, and the TCP
 * connections from the controller manager to the apiserver's port (its socket inodes matched in
 * /proc/net/tcp).
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool } from 'undici';
import { startBenchAPIServer, type BenchAPIServer } from './lib/apiserver.js';
import { intFlag, parseFlags } from './lib/args.js';
import { processRSSKiB, runBench, startProcess, type BenchProcess } from './lib/processes.js';
import { describeFile, loadAverage, printConditions, printTable } from './lib/report.js';

const usage = 'node bench/run.mjs controller-manager [--pods=1000] [--window-seconds=30] [--bundle-dir=dist]';
const flags = parseFlags(usage, {
  pods: { type: 'string', default: '1000' },
  'window-seconds': { type: 'string', default: '30' },
  'bundle-dir': { type: 'string', default: 'dist' },
});
const podCount = intFlag(usage, 'pods', flags.pods);
const windowMs = intFlag(usage, 'window-seconds', flags['window-seconds']) * 1000;
const hyperkube = path.resolve(flags['bundle-dir'], 'hyperkube.js');
const controllerManager = path.resolve(flags['bundle-dir'], 'kube-controller-manager.js');
const clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

interface Result {
  label: string;
  syncMs: number;
  cpuPercent: number;
  rssMiB: number;
  connections: number;
  informers: number;
}

/** utime + stime of `pid`, in ms. */
function cpuTimeMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command (which may contain spaces) start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / clockTicks;
}

/** Established TCP connections of `pid` to 127.0.0.1:`port`. */
function connectionsTo(pid: number, port: number): number {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m?.[1]) inodes.add(m[1]);
    } catch {
      // The descriptor closed while we looked.
    }
  }
  const portHex = port.toString(16).toUpperCase().padStart(4, '0');
  let count = 0;
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      const remote = cols[2] ?? '';
      const state = cols[3];
      const inode = cols[9] ?? '';
      if (state === '01' && remote.endsWith(`:${portHex}`) && inodes.has(inode)) count++;
    }
  }
  return count;
}

async function createObjects(server: BenchAPIServer, pods: number): Promise<void> {
  const pool = new Pool(server.origin, { connect: server.tls, connections: 16 });
  const post = async (urlPath: string, body: unknown) => {
    const res = await pool.request({
      method: 'POST',
      path: urlPath,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    const text = await res.body.text();
    if (res.statusCode !== 201) throw new Error(`POST ${urlPath}: ${res.statusCode} ${text.slice(0, 300)}`);
    return JSON.parse(text) as { metadata: { uid: string; name: string } };
  };
  try {
    await post('/api/v1/namespaces', { metadata: { name: 'bench' } });
    const owners: { name: string; uid: string }[] = [];
    for (let i = 0; i < Math.ceil(pods / 20); i++) {
      const cm = await post('/api/v1/namespaces/bench/configmaps', { metadata: { name: `owner-${i}` } });
      owners.push({ name: cm.metadata.name, uid: cm.metadata.uid });
    }
    let next = 0;
    const worker = async () => {
      for (let i = next++; i < pods; i = next++) {
        const owner = i % 2 === 0 ? owners[(i / 2) % owners.length] : undefined;
        await post('/api/v1/namespaces/bench/pods', {
          metadata: {
            name: `pod-${i}`,
            labels: { app: 'bench', shard: String(i % 10) },
            ...(owner ? { ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', ...owner }] } : {}),
          },
          spec: {
            containers: [{ name: 'c', image: 'registry.k8s.io/pause:3.10', resources: { requests: { cpu: '10m' } } }],
          },
        });
      }
    };
    await Promise.all(Array.from({ length: 16 }, worker));
  } finally {
    await pool.close();
  }
}

async function waitForOutput(proc: BenchProcess, pattern: RegExp, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(proc.output())) {
    if (proc.exit)
      throw new Error(`kube-controller-manager exited (code ${proc.exit.code})\n${proc.output().slice(-3000)}`);
    if (Date.now() > deadline) throw new Error(`no ${pattern} after ${timeoutMs} ms\n${proc.output().slice(-3000)}`);
    await sleep(50);
  }
}

async function measure(label: string, pods: number): Promise<Result> {
  const server = await startBenchAPIServer({ bundle: hyperkube, storage: 'memory' });
  try {
    if (pods > 0) await createObjects(server, pods);
    const started = performance.now();
    const kcm = startProcess(
      process.execPath,
      [controllerManager, '--kubeconfig', path.join(server.dataDir, 'kubeconfig'), '--v=2'],
      { cwd: server.dataDir },
    );
    const pid = kcm.child.pid;
    if (pid === undefined) throw new Error('kube-controller-manager did not start');
    await waitForOutput(kcm, /All resource monitors have synced/, 60_000);
    const syncMs = performance.now() - started;
    // Let start-up work (the first syncs of every controller) finish before the window.
    await sleep(5_000);
    const informers = Number(/synced monitors added=(\d+)/.exec(kcm.output())?.[1] ?? 0);
    const cpuBefore = cpuTimeMs(pid);
    const t0 = performance.now();
    await sleep(windowMs);
    const cpuPercent = ((cpuTimeMs(pid) - cpuBefore) / (performance.now() - t0)) * 100;
    const result: Result = {
      label,
      syncMs,
      cpuPercent,
      rssMiB: (processRSSKiB(pid) ?? 0) / 1024,
      connections: connectionsTo(pid, server.port),
      informers,
    };
    const exit = await kcm.stop(15_000);
    if (exit.code !== 0)
      throw new Error(`kube-controller-manager exited ${exit.code} on SIGTERM\n${kcm.output().slice(-3000)}`);
    return result;
  } finally {
    await server.stop();
  }
}

await runBench(async () => {
  printConditions('kube-controller-manager at rest: CPU, memory and connections after sync', {
    bundle: describeFile(controllerManager),
    method: `standalone bundle against a fresh apiserver (memory store); ${windowMs / 1000} s window starting 5 s after "All resource monitors have synced"`,
  });
  const results = [await measure('empty cluster', 0), await measure(`${podCount} pods`, podCount)];
  printTable(
    ['case', 'start → GC synced', 'CPU at rest', 'RSS', 'connections to the apiserver', 'GC resources (informers)'],
    results.map((r) => [
      r.label,
      `${(r.syncMs / 1000).toFixed(2)} s`,
      `${r.cpuPercent.toFixed(2)} %`,
      `${r.rssMiB.toFixed(0)} MiB`,
      String(r.connections),
      String(r.informers),
    ]),
  );
  console.log(`\nload average after: ${loadAverage()}`);
});
