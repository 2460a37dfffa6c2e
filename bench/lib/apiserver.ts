/**
 * A kube-apiserver bundle started for a benchmark: its own port and data dir, ready when
 * /readyz answers 200, with the TLS options of the admin identity it generated (pki/admin.*), so
 * any undici dispatcher can talk to it.
 *
 * @example
 *   const server = await startBenchAPIServer({ bundle: 'dist/hyperkube.js', storage: 'memory' });
 *   const pool = new undici.Pool(server.origin, { connect: server.tls, connections: 16 });
 *   …
 *   await server.stop();
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { getFreePort, makeTempDir, processRSSKiB, startProcess, type BenchProcess, type Exit } from './processes.js';
import { waitFor200 } from './probe.js';

export type StorageType = 'memory' | 'embedded';

/** TLS options for undici's `connect`: the CA to trust and, to authenticate, a client certificate. */
export interface ClientTLS {
  ca: string;
  cert?: string;
  key?: string;
}

export interface BenchAPIServer {
  proc: BenchProcess;
  storage: StorageType;
  dataDir: string;
  port: number;
  /** https://127.0.0.1:<port> */
  origin: string;
  /** The admin's client TLS options (system:masters). */
  tls: ClientTLS;
  /** Resident set size of the server process in KiB (from /proc), or undefined where unavailable. */
  rssKiB(): number | undefined;
  /** SIGTERM, then SIGKILL after 15 s; resolves with the exit. */
  stop(): Promise<Exit>;
}

export interface StartOptions {
  /** Path of the hyperkube bundle. */
  bundle: string;
  storage: StorageType;
  /** A fresh temp dir by default. */
  dataDir?: string;
  /** Bound on exec → ready. */
  timeoutMs?: number;
  /** More kube-apiserver flags (e.g. --token-auth-file). */
  args?: readonly string[];
}

/** Starts `node <bundle> apiserver` on 127.0.0.1 and resolves once /readyz answers 200. */
export async function startBenchAPIServer(opts: StartOptions): Promise<BenchAPIServer> {
  const dataDir = opts.dataDir ?? makeTempDir(`bench-apiserver-${opts.storage}-`);
  const port = await getFreePort();
  const args = [
    opts.bundle,
    'apiserver',
    '--storage',
    opts.storage,
    '--secure-port',
    String(port),
    '--bind-address',
    '127.0.0.1',
    '--data-dir',
    dataDir,
    ...(opts.args ?? []),
  ];
  const proc = startProcess(process.execPath, args, { cwd: dataDir, env: { ...process.env, HOME: dataDir } });
  try {
    await waitFor200(proc, port, '/readyz', { intervalMs: 20, timeoutMs: opts.timeoutMs ?? 30_000 });
  } catch (err) {
    await proc.stop();
    throw err;
  }
  const pki = (name: string): string => readFileSync(path.join(dataDir, 'pki', name), 'utf8');
  return {
    proc,
    storage: opts.storage,
    dataDir,
    port,
    origin: `https://127.0.0.1:${port}`,
    tls: { ca: pki('ca.crt'), cert: pki('admin.crt'), key: pki('admin.key') },
    rssKiB: () => processRSSKiB(proc.child.pid),
    stop: () => proc.stop(15_000),
  };
}

/**
 * Files a storage backend left in `dataDir`, i.e. everything but the PKI and the kubeconfig. A
 * durable backend must leave some; none means `--storage embedded` is accepted but not wired.
 */
export function storeFiles(dataDir: string): string[] {
  return readdirSync(dataDir).filter((name) => name !== 'pki' && name !== 'kubeconfig');
}
