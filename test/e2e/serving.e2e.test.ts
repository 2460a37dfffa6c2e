/**
 * What the HTTPS listener accepts: request lines and headers up to upstream's 1 MiB (and a Status
 * for what is larger), and TLS as Go's server does it — Go's default cipher suites, the
 * --tls-cipher-suites and --tls-min-version flags, no renegotiation.
 */
import { request as httpsRequest } from 'node:https';
import { connect as tlsConnect, getCiphers, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAll, makeTempDir, removeTempDirs, runBundle } from './support/bundle.js';
import { startAPIServer, type RunningAPIServer } from './support/apiserver.js';

afterAll(async () => {
  await killAll();
  removeTempDirs();
});

describe('request size limits', () => {
  let server: RunningAPIServer;
  beforeAll(async () => {
    server = await startAPIServer();
  });
  afterAll(() => server?.stop());

  it('serves a label selector far above Node’s 16 KiB header default', async () => {
    const values = Array.from({ length: 30_000 }, (_, i) => `v${i}`).join(',');
    const selector = encodeURIComponent(`tier in (${values})`);
    expect(selector.length).toBeGreaterThan(200_000);
    const res = await server.request('GET', `/api/v1/namespaces/default/configmaps?labelSelector=${selector}`);
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect(res.json).toMatchObject({ kind: 'ConfigMapList' });
  });

  it('accepts headers up to 1 MiB and answers larger ones 431 with a Status', async () => {
    const below = await rawGet(server, '/version', { 'x-padding': 'a'.repeat(1_000_000) });
    expect(below.status).toBe(200);
    const above = await rawGet(server, '/version', { 'x-padding': 'a'.repeat((1 << 20) + 8192) });
    expect(above.status).toBe(431);
    expect(above.headers['content-type']).toBe('application/json');
    expect(JSON.parse(above.body)).toMatchObject({
      kind: 'Status',
      status: 'Failure',
      code: 431,
      message: expect.stringContaining('Request Header Fields Too Large'),
    });
  });
});

describe('TLS', () => {
  let server: RunningAPIServer;
  beforeAll(async () => {
    server = await startAPIServer();
  });
  afterAll(() => server?.stop());

  it("negotiates only Go's default suites", async () => {
    // The generated serving certificate is ECDSA: of Go's defaults, the ECDSA ones apply.
    expect(await negotiableTLS12Suites(server.port)).toEqual([
      'ECDHE-ECDSA-AES128-GCM-SHA256',
      'ECDHE-ECDSA-AES128-SHA',
      'ECDHE-ECDSA-AES256-GCM-SHA384',
      'ECDHE-ECDSA-AES256-SHA',
      'ECDHE-ECDSA-CHACHA20-POLY1305',
    ]);
    expect(await handshake(server.port, {})).toMatchObject({ protocol: 'TLSv1.3' });
  });

  it('refuses a client-initiated renegotiation', async () => {
    expect(await renegotiate(server.port)).toMatch(/^renegotiation refused: /);
  });

  it('offers only the suites --tls-cipher-suites names, from --tls-min-version up', async () => {
    const chosen = await startAPIServer({
      args: ['--tls-cipher-suites', 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384', '--tls-min-version', 'VersionTLS12'],
    });
    try {
      expect(await negotiableTLS12Suites(chosen.port)).toEqual(['ECDHE-ECDSA-AES256-GCM-SHA384']);
    } finally {
      await chosen.stop();
    }
    const tls13 = await startAPIServer({ args: ['--tls-min-version=VersionTLS13'] });
    try {
      expect(await negotiableTLS12Suites(tls13.port)).toEqual([]);
      expect(await handshake(tls13.port, {})).toMatchObject({ protocol: 'TLSv1.3' });
    } finally {
      await tls13.stop();
    }
  });

  it("refuses unknown suites and versions with component-base's messages", async () => {
    const res = await runBundle('kube-apiserver', [
      '--tls-cipher-suites=TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_RSA_WITH_AES_128_CCM',
      '--tls-min-version=TLSv1.2',
      '--data-dir',
      makeTempDir(),
    ]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("Cipher suite TLS_RSA_WITH_AES_128_CCM not supported or doesn't exist");
    expect(res.stderr).toContain('unknown tls version "TLSv1.2"');
  });
});

/** Every TLS 1.2 suite this Node can offer that the server accepts, offered one at a time (sorted). */
async function negotiableTLS12Suites(port: number): Promise<string[]> {
  const suites = getCiphers()
    .filter((c) => !c.startsWith('tls_'))
    .map((c) => c.toUpperCase());
  const accepted: string[] = [];
  for (const suite of suites) {
    const result = await handshake(port, { ciphers: suite, maxVersion: 'TLSv1.2' });
    if ('cipher' in result) accepted.push(result.cipher);
  }
  return accepted.sort();
}

function handshake(
  port: number,
  opts: ConnectionOptions,
): Promise<{ cipher: string; protocol: string | null } | { error: string }> {
  return new Promise((resolve) => {
    let socket: TLSSocket;
    try {
      socket = tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false, ...opts }, () => {
        resolve({ cipher: socket.getCipher().name, protocol: socket.getProtocol() });
        socket.destroy();
      });
    } catch (err) {
      // A suite this OpenSSL build cannot offer at all.
      resolve({ error: String(err) });
      return;
    }
    socket.setTimeout(5_000, () => socket.destroy(new Error('handshake timed out')));
    socket.on('error', (err) => resolve({ error: err.message }));
  });
}

/**
 * Asks for a renegotiation on a TLS 1.2 connection that has served a request, then sends another
 * request to drive it; resolves with what happened.
 */
function renegotiate(port: number): Promise<string> {
  return new Promise((resolve) => {
    const done = (what: string): void => {
      resolve(what);
      socket.destroy();
    };
    const socket = tlsConnect({ host: '127.0.0.1', port, rejectUnauthorized: false, maxVersion: 'TLSv1.2' }, () => {
      socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
      socket.once('data', () => {
        socket.renegotiate({ rejectUnauthorized: false }, (err) => {
          done(err ? `renegotiation refused: ${err.message}` : 'renegotiated');
        });
        socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
      });
    });
    socket.setTimeout(10_000, () => done('no answer'));
    socket.on('error', (err) => done(`renegotiation refused: ${(err as NodeJS.ErrnoException).code ?? err.message}`));
    socket.on('close', () => done('renegotiation refused: connection closed'));
  });
}

/** A GET with custom headers through node:https (the admin's client certificate), body as text. */
function rawGet(
  server: RunningAPIServer,
  urlPath: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      `${server.url}${urlPath}`,
      { ca: server.admin.ca, cert: server.admin.cert, key: server.admin.key, headers, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (body += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      },
    );
    req.setTimeout(20_000, () => req.destroy(new Error(`GET ${urlPath}: no answer within 20 s`)));
    req.on('error', reject);
    req.end();
  });
}
