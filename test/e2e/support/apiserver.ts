/**
 * A real kube-apiserver bundle for end-to-end tests: started on a free port with its own data
 * dir, an HTTPS client that trusts its CA and presents the admin certificate from the kubeconfig
 * it wrote, and a kubectl runner pointed at that kubeconfig.
 *
 * @example
 *   const server = await startAPIServer();
 *   const { status, json } = await server.request('GET', '/api/v1/namespaces');
 *   const { stdout } = await server.kubectl(['get', 'ns', '-o', 'json']);
 *   await server.stop();
 */
import { execFile, execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Agent, request as undiciRequest } from 'undici';
import { parse as parseYAML } from 'yaml';
import { afterAll, beforeAll, expect } from 'vitest';
import {
  ensureBuilt,
  getFreePort,
  killAll,
  makeTempDir,
  removeTempDirs,
  startBundle,
  type BundleProcess,
} from './bundle.js';

export interface APIServerOptions {
  /** Extra flags for kube-apiserver (or `hyperkube server`). */
  args?: string[];
  /**
   * Run `hyperkube server` (apiserver, controller manager and scheduler in one process) instead of
   * the apiserver alone: what tests that need controllers (namespace deletion, garbage collection) use.
   */
  controlPlane?: boolean;
  /** Reuse a data dir (e.g. to restart on the same store); a new temp dir by default. */
  dataDir?: string;
  port?: number;
  /** 'memory' for speed by default; 'embedded' to test durability; 'etcd' with `etcdServers`. */
  storage?: 'memory' | 'embedded' | 'etcd';
  etcdServers?: string;
}

export interface Credentials {
  ca: string;
  cert?: string;
  key?: string;
  token?: string;
}

export interface Response {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON, when it is JSON. */
  json: unknown;
}

export interface RunningAPIServer {
  proc: BundleProcess;
  port: number;
  url: string;
  dataDir: string;
  kubeconfig: string;
  /** The admin's credentials, as in the kubeconfig. */
  admin: Credentials;
  request(
    method: string,
    urlPath: string,
    opts?: { body?: unknown; headers?: Record<string, string>; credentials?: Credentials | null },
  ): Promise<Response>;
  kubectl(
    args: readonly string[],
    opts?: { input?: string; binary?: string; env?: Record<string, string> },
  ): Promise<KubectlResult>;
  /** SIGTERM, then wait for the exit (SIGKILL after the timeout). */
  stop(): Promise<void>;
}

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** True when kubectl runs here. CI (HYPERKUBE_REQUIRE_KUBECTL=1) must have it, so tests fail instead of skipping there. */
export function kubectlAvailable(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore', timeout: 10_000 });
    return true;
  } catch {
    if (process.env.HYPERKUBE_REQUIRE_KUBECTL === '1')
      throw new Error('kubectl is required (HYPERKUBE_REQUIRE_KUBECTL=1) but is not on PATH');
    return false;
  }
}

export async function startAPIServer(opts: APIServerOptions = {}): Promise<RunningAPIServer> {
  await ensureBuilt();
  const dataDir = opts.dataDir ?? makeTempDir('hyperkube-apiserver-');
  const port = opts.port ?? (await getFreePort());
  const args = [
    opts.controlPlane ? 'server' : 'apiserver',
    '--secure-port',
    String(port),
    '--bind-address',
    '127.0.0.1',
    '--data-dir',
    dataDir,
    '--storage',
    opts.storage ?? 'memory',
    ...(opts.etcdServers ? ['--etcd-servers', opts.etcdServers] : []),
    ...(opts.args ?? []),
  ];
  const proc = startBundle('hyperkube', args, { env: { HOME: dataDir } });
  const kubeconfig = path.join(dataDir, 'kubeconfig');
  await proc.waitForLine(/Wrote admin kubeconfig/, { timeoutMs: 20_000 });
  const admin = credentialsFromKubeconfig(kubeconfig);
  const url = `https://127.0.0.1:${port}`;
  const server: RunningAPIServer = {
    proc,
    port,
    url,
    dataDir,
    kubeconfig,
    admin,
    request: (method, urlPath, ro = {}) =>
      httpsRequest(url, method, urlPath, ro.credentials === undefined ? admin : ro.credentials, ro.body, ro.headers),
    kubectl: (kargs, ko = {}) =>
      runKubectl(kargs, { KUBECONFIG: kubeconfig, HOME: dataDir, ...ko.env }, ko.input, ko.binary),
    stop: async () => {
      proc.signal('SIGTERM');
      try {
        await proc.waitForExit(20_000);
      } catch {
        await proc.kill();
      }
    },
  };
  await waitReady(server);
  if (opts.controlPlane)
    await proc.waitForLine(/Started controller controller="namespace-controller"/, { timeoutMs: 20_000 });
  return server;
}

/** Polls /readyz until it answers 200 (bounded). */
async function waitReady(server: RunningAPIServer, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    try {
      const res = await server.request('GET', '/readyz?verbose');
      if (res.status === 200) return;
      last = res.text;
    } catch (err) {
      last = String(err);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`apiserver not ready after ${timeoutMs} ms: ${last}\n${server.proc.stderr.slice(-3000)}`);
}

export function credentialsFromKubeconfig(file: string): Credentials {
  const config = parseYAML(readFileSync(file, 'utf8')) as {
    clusters: Array<{ cluster: { 'certificate-authority-data': string } }>;
    users: Array<{ user: { 'client-certificate-data'?: string; 'client-key-data'?: string; token?: string } }>;
  };
  const b64 = (s: string | undefined) => (s === undefined ? undefined : Buffer.from(s, 'base64').toString('utf8'));
  const user = config.users[0]?.user ?? {};
  const creds: Credentials = { ca: b64(config.clusters[0]?.cluster['certificate-authority-data']) ?? '' };
  const cert = b64(user['client-certificate-data']);
  const key = b64(user['client-key-data']);
  if (cert) creds.cert = cert;
  if (key) creds.key = key;
  if (user.token) creds.token = user.token;
  return creds;
}

const agents = new Map<string, Agent>();

function agentFor(creds: Credentials | null): Agent {
  const key = creds ? `${creds.ca}|${creds.cert ?? ''}|${creds.key ?? ''}` : 'insecure';
  let agent = agents.get(key);
  if (!agent) {
    agent = new Agent({
      connect: creds
        ? { ca: creds.ca, ...(creds.cert ? { cert: creds.cert } : {}), ...(creds.key ? { key: creds.key } : {}) }
        : { rejectUnauthorized: false },
    });
    agents.set(key, agent);
  }
  return agent;
}

/** An HTTPS request with `creds` (null: anonymous and without verifying the server). */
export async function httpsRequest(
  base: string,
  method: string,
  urlPath: string,
  creds: Credentials | null,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Response> {
  const h: Record<string, string> = { ...headers };
  if (creds?.token) h.authorization = `Bearer ${creds.token}`;
  let payload: string | undefined;
  if (body !== undefined) {
    payload = typeof body === 'string' ? body : JSON.stringify(body);
    h['content-type'] ??= 'application/json';
  }
  const res = await undiciRequest(`${base}${urlPath}`, {
    method: method as 'GET',
    headers: h,
    body: payload,
    dispatcher: agentFor(creds),
  });
  const text = await res.body.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.statusCode, headers: res.headers, text, json };
}

export function runKubectl(
  args: readonly string[],
  env: Record<string, string>,
  input?: string,
  binary = 'kubectl',
): Promise<KubectlResult> {
  return new Promise((resolve) => {
    const child = execFile(
      binary,
      [...args],
      { env: { ...process.env, ...env }, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => {
        const code = err
          ? typeof (err as { code?: unknown }).code === 'number'
            ? (err as { code: number }).code
            : 1
          : 0;
        resolve({ code, stdout, stderr });
      },
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}

/** Writes a CSV token file for --token-auth-file in `dir`. */
export function writeTokenFile(dir: string, lines: string[]): string {
  const file = path.join(dir, 'tokens.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/**
 * One apiserver for the enclosing suite: started in beforeAll (after checking kubectl when the
 * suite needs it), stopped in afterAll with every other process and temp dir of the file.
 */
export function useAPIServer(opts: APIServerOptions & { needsKubectl?: boolean } = {}): () => RunningAPIServer {
  let server: RunningAPIServer | undefined;
  beforeAll(async () => {
    if (opts.needsKubectl) expect(kubectlAvailable()).toBe(true);
    server = await startAPIServer(opts);
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await killAll();
    removeTempDirs();
  });
  return () => {
    if (!server) throw new Error('the apiserver did not start (see beforeAll)');
    return server;
  };
}
