/**
 * kube-apiserver's main line end to end: the built bundle as a real process, driven with real
 * kubectl and an HTTPS client. Serving, authentication, health, the kubeconfig it writes, restart,
 * startup errors and graceful shutdown.
 */
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateCA, generateSignedCert, loadSigningCA } from '../../pkg/util/cert/cert.js';
import { getFreePort, killAll, makeTempDir, removeTempDirs, runBundle, startBundle } from './support/bundle.js';
import {
  httpsRequest,
  kubectlAvailable,
  startAPIServer,
  writeTokenFile,
  type RunningAPIServer,
} from './support/apiserver.js';

afterAll(async () => {
  await killAll();
  removeTempDirs();
});

describe('a running apiserver', () => {
  let server: RunningAPIServer;
  let tokenDir: string;

  beforeAll(async () => {
    tokenDir = makeTempDir();
    const tokenFile = writeTokenFile(tokenDir, ['s3cret,alice,1001,"dev,ops"']);
    server = await startAPIServer({ args: ['--token-auth-file', tokenFile] });
  });
  afterAll(() => server?.stop());

  it('serves kubectl version and readyz with TLS verified through the written kubeconfig', async () => {
    expect(kubectlAvailable()).toBe(true);
    const version = await server.kubectl(['version', '-o', 'json']);
    expect(version.code, version.stderr).toBe(0);
    expect(JSON.parse(version.stdout).serverVersion).toMatchObject({ major: '1', minor: '33' });
    const readyz = await server.kubectl(['get', '--raw=/readyz?verbose']);
    expect(readyz.code, readyz.stderr).toBe(0);
    expect(readyz.stdout).toContain('[+]ping ok');
    expect(readyz.stdout).toContain('[+]shutdown ok');
    expect(readyz.stdout).toContain('readyz check passed');
  });

  it('writes the kubeconfig with mode 0600', async () => {
    const { statSync } = await import('node:fs');
    expect(statSync(server.kubeconfig).mode & 0o777).toBe(0o600);
  });

  it('answers 401 Unauthorized without credentials, but serves health anonymously', async () => {
    const api = await server.request('GET', '/api', { credentials: null });
    expect(api.status).toBe(401);
    expect(api.json).toMatchObject({ kind: 'Status', reason: 'Unauthorized', code: 401 });
    for (const p of ['/healthz', '/livez', '/readyz', '/version']) {
      expect((await server.request('GET', p, { credentials: null })).status, p).toBe(200);
    }
  });

  it('authenticates bearer tokens from --token-auth-file and rejects unknown ones', async () => {
    const good = await server.request('GET', '/api', { credentials: { ca: server.admin.ca, token: 's3cret' } });
    expect(good.status).toBe(200);
    const review = await server.request('GET', '/version', { credentials: { ca: server.admin.ca, token: 'wrong' } });
    expect(review.status).toBe(401);
  });

  it('rejects a client certificate from another CA with 401', async () => {
    const otherCA = await generateCA('someone-else');
    const cert = await generateSignedCert(await loadSigningCA(otherCA), {
      commonName: 'mallory',
      organizations: ['system:masters'],
      usage: 'client',
    });
    const res = await httpsRequest(server.url, 'GET', '/api', {
      ca: server.admin.ca,
      cert: cert.certPEM,
      key: cert.keyPEM,
    });
    expect(res.status).toBe(401);
  });

  it('lists health checks, runs one by name, honours exclude', async () => {
    const one = await server.request('GET', '/readyz/ping');
    expect(one.text).toBe('ok');
    const excluded = await server.request('GET', '/readyz?verbose&exclude=ping');
    expect(excluded.text).not.toContain('ping');
    const missing = await server.request('GET', '/healthz/nope');
    expect(missing.status).toBe(404);
  });

  it('answers a Status 404 for paths no server in the chain serves', async () => {
    const res = await server.request('GET', '/no/such/path');
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({
      kind: 'Status',
      reason: 'NotFound',
      message: 'the server could not find the requested resource',
    });
  });
});

describe('startup errors', () => {
  it('reports a port already in use', async () => {
    const port = await getFreePort();
    const blocker = startBundle('hyperkube', [
      'apiserver',
      '--secure-port',
      String(port),
      '--bind-address',
      '127.0.0.1',
      '--data-dir',
      makeTempDir(),
      '--storage',
      'memory',
    ]);
    await blocker.waitForLine(/Serving securely/);
    const second = await runBundle('hyperkube', [
      'apiserver',
      '--secure-port',
      String(port),
      '--bind-address',
      '127.0.0.1',
      '--data-dir',
      makeTempDir(),
      '--storage',
      'memory',
    ]);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(
      `error: failed to create listener: failed to listen on 127.0.0.1:${port}: address already in use`,
    );
    expect(second.stderr).not.toMatch(/\n\s+at /);
    await blocker.kill();
  });

  it('reports an unreadable certificate file', async () => {
    const res = await runBundle('kube-apiserver', [
      '--secure-port',
      String(await getFreePort()),
      '--data-dir',
      makeTempDir(),
      '--storage',
      'memory',
      '--tls-cert-file',
      '/nonexistent/cert.pem',
      '--tls-private-key-file',
      '/nonexistent/key.pem',
    ]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(
      'error: failed to read --tls-cert-file /nonexistent/cert.pem: no such file or directory',
    );
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });

  it('reports every invalid flag value at once', async () => {
    const res = await runBundle('kube-apiserver', [
      '--secure-port',
      '0',
      '--shutdown-timeout',
      'soon',
      '--bind-address',
      'nowhere',
      '--data-dir',
      makeTempDir(),
    ]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('--secure-port 0 must be between 1 and 65535');
    expect(res.stderr).toContain('--shutdown-timeout: time: invalid duration "soon"');
    expect(res.stderr).toContain('--bind-address "nowhere" is not a valid IP address');
    expect(
      res.stderr
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('error:')),
    ).toHaveLength(1);
  });
});

describe('restart', () => {
  it('reuses the generated certificates, so the old kubeconfig keeps working', async () => {
    const dataDir = makeTempDir();
    const first = await startAPIServer({ dataDir });
    const caBefore = first.admin.ca;
    await first.stop();
    const second = await startAPIServer({ dataDir, port: first.port });
    try {
      expect(second.admin.ca).toBe(caBefore);
      const res = await httpsRequest(second.url, 'GET', '/version', first.admin);
      expect(res.status).toBe(200);
    } finally {
      await second.stop();
    }
  });
});

describe('graceful shutdown', () => {
  it('fails readyz during the shutdown delay, finishes in-flight requests, refuses new connections, exits 0', async () => {
    const server = await startAPIServer({ args: ['--shutdown-delay-duration', '1500ms'] });
    // An in-flight request: its body arrives after the stop signal, and it must still complete.
    const slow = slowCreate(server, 2500);
    await new Promise((r) => setTimeout(r, 200));
    server.proc.signal('SIGTERM');
    await server.proc.waitForLine(/ShutdownInitiated/);
    const readyz = await server.request('GET', '/readyz?verbose');
    expect(readyz.status).toBe(500);
    expect(readyz.text).toContain('[-]shutdown failed: reason withheld');
    expect((await server.request('GET', '/livez')).status).toBe(200);
    const done = await slow;
    expect(done.status).toBe(201);
    await server.proc.waitForLine(/NotAcceptingNewRequest/);
    await expect(rawConnect(server.port)).rejects.toThrow(/ECONNREFUSED/);
    const exit = await server.proc.waitForExit(20_000);
    expect(exit.code).toBe(0);
    expect(exit.stderr).toContain('HTTPServerStoppedListening');
  });

  it('exits 1 at once on a second signal', async () => {
    const server = await startAPIServer({ args: ['--shutdown-delay-duration', '30s'] });
    server.proc.signal('SIGTERM');
    await server.proc.waitForLine(/ShutdownInitiated/);
    server.proc.signal('SIGTERM');
    const exit = await server.proc.waitForExit(5_000);
    expect(exit.code).toBe(1);
  });
});

/** POSTs a ConfigMap whose body arrives in two halves `delayMs` apart. */
async function slowCreate(server: RunningAPIServer, delayMs: number): Promise<{ status: number; body: string }> {
  const body = JSON.stringify({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: `slow-${Date.now()}` },
    data: { a: 'b' },
  });
  const half = Math.floor(body.length / 2);
  const { request } = await import('node:https');
  return new Promise((resolve, reject) => {
    const req = request(
      `${server.url}/api/v1/namespaces/default/configmaps`,
      {
        method: 'POST',
        ca: server.admin.ca,
        cert: server.admin.cert,
        key: server.admin.key,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
      },
    );
    req.on('error', reject);
    req.write(body.slice(0, half));
    setTimeout(() => req.end(body.slice(half)), delayMs);
  });
}

function rawConnect(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => {
      socket.end();
      resolve();
    });
    socket.on('error', reject);
  });
}
