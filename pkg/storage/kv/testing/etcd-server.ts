/**
 * Runs a throwaway etcd for tests and benchmarks: a free loopback port pair, a temporary data
 * directory, killed and removed by stop(). Free of vitest so benchmarks can use it too; test files
 * use `describeWithEtcd` (describe-with-etcd.ts).
 *
 * @example
 *   const etcd = await startEtcd();
 *   try { const kv = await newEtcdKV({ servers: [etcd.endpoint] }); … } finally { await etcd.stop(); }
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface EtcdServer {
  /** Client URL, e.g. http://127.0.0.1:41234. */
  endpoint: string;
  dataDir: string;
  /** etcd's own count of live watchers (the etcd_debugging_mvcc_watcher_total gauge). */
  watcherCount(): Promise<number>;
  /** Freezes etcd (SIGSTOP): connections stay open but nothing answers, like a hung host. Resolves once it is stopped. */
  pause(): Promise<void>;
  /** Lets a paused etcd run again (SIGCONT). */
  resume(): void;
  /** Kills etcd (SIGKILL), keeping its data: connections are refused until `restart`. */
  crash(): Promise<void>;
  /** Starts etcd again on the same URLs and data after `crash`; resolves once it is healthy. */
  restart(): Promise<void>;
  /** Kills etcd and removes its data directory. */
  stop(): Promise<void>;
}

export interface StartEtcdOptions {
  /** --experimental-watch-progress-notify-interval, in ms (default 100: bookmarks in tests come quickly). */
  progressNotifyIntervalMs?: number;
  /** --quota-backend-bytes: a small quota makes etcd raise its NOSPACE alarm soon. */
  quotaBackendBytes?: number;
}

/** The etcd binary on PATH, or undefined. */
export function findEtcd(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, 'etcd');
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

export async function startEtcd(opts: StartEtcdOptions = {}): Promise<EtcdServer> {
  const binary = findEtcd();
  if (!binary) throw new Error('etcd is not installed (no etcd on PATH)');
  let lastError: unknown;
  // A port picked free can be taken before etcd binds it: try a few pairs.
  for (let attempt = 0; attempt < 3; attempt++) {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'hk-etcd-'));
    try {
      return await launch(binary, dataDir, opts);
    } catch (err) {
      lastError = err;
      await rm(dataDir, { recursive: true, force: true });
    }
  }
  throw lastError;
}

async function launch(binary: string, dataDir: string, opts: StartEtcdOptions): Promise<EtcdServer> {
  const [clientPort, peerPort] = [await freePort(), await freePort()];
  const client = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const args = [
    '--data-dir',
    path.join(dataDir, 'data'),
    '--listen-client-urls',
    client,
    '--advertise-client-urls',
    client,
    '--listen-peer-urls',
    peer,
    '--initial-advertise-peer-urls',
    peer,
    '--initial-cluster',
    `default=${peer}`,
    `--experimental-watch-progress-notify-interval=${opts.progressNotifyIntervalMs ?? 100}ms`,
    ...(opts.quotaBackendBytes ? [`--quota-backend-bytes=${opts.quotaBackendBytes}`] : []),
    '--log-level',
    'warn',
  ];
  let log = '';
  let child: ChildProcess;
  const start = async () => {
    child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    child.stderr?.on('data', (d: Buffer) => (log = (log + d.toString()).slice(-4000)));
    await waitHealthy(client, child, () => log);
  };
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async () => {
    process.removeListener('exit', killOnExit);
    child.kill('SIGCONT'); // a paused etcd cannot handle SIGTERM
    await kill(child);
    await rm(dataDir, { recursive: true, force: true });
  };
  try {
    await start();
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    endpoint: client,
    dataDir,
    async watcherCount() {
      const text = await (await fetch(`${client}/metrics`)).text();
      const m = /^etcd_debugging_mvcc_watcher_total (\d+)/m.exec(text);
      return m ? Number(m[1]) : 0;
    },
    async pause() {
      child.kill('SIGSTOP');
      await waitStopped(child.pid);
    },
    resume: () => void child.kill('SIGCONT'),
    async crash() {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGKILL');
      await exited;
    },
    restart: start,
    stop,
  };
}

/** Resolves once process `pid` is stopped (Linux: state T in /proc/<pid>/stat); elsewhere after a short wait. */
async function waitStopped(pid: number | undefined): Promise<void> {
  for (let i = 0; i < 100; i++) {
    let state: string | undefined;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    } catch {
      break; // no /proc here
    }
    if (state === 'T') return;
    await new Promise((r) => setTimeout(r, 10));
  }
  await new Promise((r) => setTimeout(r, 100));
}

async function waitHealthy(client: string, child: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`etcd exited with code ${child.exitCode}: ${log()}`);
    try {
      const res = await fetch(`${client}/health`, { signal: AbortSignal.timeout(1000) });
      if (res.ok && ((await res.json()) as { health?: string }).health === 'true') return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`etcd did not become healthy within 20 s: ${log()}`);
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
