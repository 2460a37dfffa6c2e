import { createServer as createHTTPServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHTTPSServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { afterEach, describe, expect, it } from 'vitest';
import { isNotFound, StatusError } from '../../api/errors/errors.js';
import { generateCA, generateSignedCert, loadSigningCA } from '../../util/cert/cert.js';
import type { RESTConfig } from '../tools/clientcmd/client-config.js';
import { FakeClock, flushMicrotasks } from '../util/clock/clock.js';
import { newTokenBucketRateLimiter } from '../util/flowcontrol/throttle.js';
import { RESTClient, retryAfterSeconds } from './client.js';
import { ResourceClient } from './resource.js';
import { defaultKubernetesUserAgent } from './user-agent.js';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

const servers: Server[] = [];
const clients: RESTClient[] = [];
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function listen(server: Server): Promise<number> {
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

/** A plain HTTP server on 127.0.0.1 answering with `handler`, recording each request. */
async function fakeServer(handler: Handler) {
  const seen: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];
  const server = createHTTPServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => {
      body += c.toString();
    });
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      handler(req, body, res);
    });
  });
  const port = await listen(server);
  return { host: `http://127.0.0.1:${port}`, seen };
}

function client(
  config: Partial<RESTConfig> & { host: string },
  opts: ConstructorParameters<typeof RESTClient>[1] = {},
) {
  const c = new RESTClient({ tlsClientConfig: { insecure: false }, ...config }, opts);
  clients.push(c);
  return c;
}

function json(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(code, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

const notFound = {
  kind: 'Status',
  apiVersion: 'v1',
  metadata: {},
  status: 'Failure',
  message: 'configmaps "x" not found',
  reason: 'NotFound',
  details: { name: 'x', kind: 'configmaps' },
  code: 404,
};

describe('RESTClient', () => {
  it('sends the user agent, bearer token and JSON body, and decodes the JSON answer', async () => {
    const { host, seen } = await fakeServer((_req, body, res) => json(res, 201, { echoed: JSON.parse(body) }));
    const c = client({ host, bearerToken: 'secret-token' });
    const out = await c.request<{ echoed: unknown }>({
      method: 'POST',
      path: '/api/v1/namespaces/ns/configmaps',
      query: { fieldManager: 'me', dryRun: undefined, labels: ['a', 'b'] },
      body: { metadata: { name: 'x' } },
    });
    expect(out.echoed).toEqual({ metadata: { name: 'x' } });
    expect(seen[0]?.url).toBe('/api/v1/namespaces/ns/configmaps?fieldManager=me&labels=a&labels=b');
    expect(seen[0]?.headers.authorization).toBe('Bearer secret-token');
    expect(seen[0]?.headers['content-type']).toBe('application/json');
    expect(seen[0]?.headers['user-agent']).toBe(defaultKubernetesUserAgent());
  });

  it('builds the user agent as client-go does', () => {
    expect(defaultKubernetesUserAgent('/usr/local/bin/kube-controller-manager.js')).toMatch(
      /^kube-controller-manager\/v1\.33\.0 \([a-z0-9]+\/[a-z0-9]+\) kubernetes\/hyperku$/,
    );
    expect(defaultKubernetesUserAgent('')).toMatch(/^unknown\//);
  });

  it('sends basic credentials', async () => {
    const { host, seen } = await fakeServer((_req, _body, res) => json(res, 200, {}));
    await client({ host, username: 'u', password: 'p' }).request({ method: 'GET', path: '/version' });
    expect(seen[0]?.headers.authorization).toBe(`Basic ${Buffer.from('u:p').toString('base64')}`);
  });

  it("throws the server's Status as a StatusError", async () => {
    const { host } = await fakeServer((_req, _body, res) => json(res, 404, notFound));
    const err = await client({ host })
      .request({ method: 'GET', path: '/api/v1/namespaces/ns/configmaps/x' })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StatusError);
    expect(isNotFound(err)).toBe(true);
    expect((err as StatusError).message).toBe('configmaps "x" not found');
  });

  it('words a failure without a Status body as apimachinery does', async () => {
    const { host, seen } = await fakeServer((_req, _body, res) => {
      res.writeHead(503, { 'content-type': 'text/plain' });
      res.end('upstream connect error');
    });
    const rc = new ResourceClient(client({ host }), { group: 'apps', version: 'v1', resource: 'deployments' });
    const err = (await rc
      .namespace('ns')
      .get('web')
      .catch((e: unknown) => e)) as StatusError;
    // No Retry-After: not retried, as client-go.
    expect(seen).toHaveLength(1);
    expect(err.status).toMatchObject({
      code: 503,
      reason: 'ServiceUnavailable',
      message: 'the server is currently unable to handle the request (get deployments.apps web)',
      details: { group: 'apps', kind: 'deployments', name: 'web' },
    });
  });

  it('retries 429 and 5xx answers that carry Retry-After, waiting as told', async () => {
    let calls = 0;
    const { host } = await fakeServer((_req, _body, res) => {
      calls++;
      if (calls === 1) return json(res, 429, { kind: 'Status', code: 429 }, { 'retry-after': '3' });
      if (calls === 2) return json(res, 500, { kind: 'Status', code: 500 }, { 'retry-after': '2' });
      json(res, 200, { ok: true });
    });
    const clock = new FakeClock(1_000_000);
    const c = client({ host }, { clock, rateLimiter: null });
    let done: unknown;
    const p = c.request({ method: 'POST', path: '/x', body: {} }).then((v) => {
      done = v;
    });
    await until(() => clock.waiters === 1);
    expect(calls).toBe(1);
    await clock.step(2999);
    expect(calls).toBe(1);
    await clock.step(1);
    await until(() => clock.waiters === 1 && calls === 2);
    await clock.step(2000);
    await p;
    expect(calls).toBe(3);
    expect(done).toEqual({ ok: true });
  });

  it('gives up after maxRetries and returns the last error', async () => {
    let calls = 0;
    const { host } = await fakeServer((_req, _body, res) => {
      calls++;
      json(
        res,
        429,
        { ...notFound, code: 429, reason: 'TooManyRequests', message: 'slow down' },
        { 'retry-after': '0' },
      );
    });
    const err = (await client({ host }, { maxRetries: 2 })
      .request({ method: 'GET', path: '/x' })
      .catch((e: unknown) => e)) as StatusError;
    expect(calls).toBe(3);
    expect(err.status.reason).toBe('TooManyRequests');
  });

  it('stops waiting for a retry when the signal aborts', async () => {
    const { host } = await fakeServer((_req, _body, res) => json(res, 503, {}, { 'retry-after': '60' }));
    const clock = new FakeClock();
    const abort = new AbortController();
    const p = client({ host }, { clock }).request({ method: 'GET', path: '/x', signal: abort.signal });
    await until(() => clock.waiters === 1);
    abort.abort(new Error('stopping'));
    await expect(p).rejects.toThrow('stopping');
  });

  it('repeats a GET whose connection was reset after a second, but never a POST', async () => {
    let calls = 0;
    const { host } = await fakeServer((req, _body, res) => {
      calls++;
      if (calls === 1 || req.method === 'POST') {
        req.socket.destroy();
        return;
      }
      json(res, 200, { ok: true });
    });
    const clock = new FakeClock();
    const c = client({ host }, { clock, rateLimiter: null });
    const p = c.request({ method: 'GET', path: '/x' });
    await until(() => clock.waiters === 1);
    expect(calls).toBe(1);
    await clock.step(1000);
    expect(await p).toEqual({ ok: true });
    expect(calls).toBe(2);
    await expect(c.request({ method: 'POST', path: '/x', body: {} })).rejects.toThrow(/^POST "http:\/\/127/);
    expect(calls).toBe(3);
  });

  it('with a per-host back-off, delays requests after 5xx answers until one succeeds', async () => {
    let fail = true;
    const { host, seen } = await fakeServer((_req, _body, res) => (fail ? json(res, 500, {}) : json(res, 200, {})));
    const clock = new FakeClock();
    const c = client({ host }, { clock, rateLimiter: null, backoff: { initialMs: 1000, maxMs: 4000 } });
    await expect(c.request({ method: 'GET', path: '/a' })).rejects.toThrow(/an error on the server/);
    fail = false;
    const p = c.request({ method: 'GET', path: '/b' });
    await until(() => clock.waiters === 1);
    expect(seen).toHaveLength(1);
    await clock.step(1000);
    await p;
    expect(seen).toHaveLength(2);
    // Success resets it: the next request goes out at once.
    await c.request({ method: 'GET', path: '/c' });
    expect(seen).toHaveLength(3);
  });

  it('gives up on a request that takes longer than timeoutMs', async () => {
    const { host } = await fakeServer(() => {});
    await expect(client({ host, timeoutMs: 50 }).request({ method: 'GET', path: '/slow' })).rejects.toThrow(
      /^GET "http:\/\/127\.0\.0\.1:\d+\/slow": .*(timeout|aborted)/i,
    );
  });

  it('reads Retry-After only on 429 and 5xx, and only as whole seconds', () => {
    expect(retryAfterSeconds(429, '5')).toBe(5);
    expect(retryAfterSeconds(500, ['1'])).toBe(1);
    expect(retryAfterSeconds(409, '5')).toBeUndefined();
    expect(retryAfterSeconds(503, 'Wed, 21 Oct 2015 07:28:00 GMT')).toBeUndefined();
    expect(retryAfterSeconds(503, undefined)).toBeUndefined();
  });

  it('limits requests to QPS with bursts, as the token bucket of rest.Config', async () => {
    const { host, seen } = await fakeServer((_req, _body, res) => json(res, 200, {}));
    const clock = new FakeClock();
    const c = client({ host }, { rateLimiter: newTokenBucketRateLimiter(2, 3, clock) });
    const results: number[] = [];
    const all = Array.from({ length: 5 }, (_, i) =>
      c.request({ method: 'GET', path: `/r${i}` }).then(() => results.push(i)),
    );
    await until(() => seen.length === 3);
    await flushMicrotasks();
    expect(seen).toHaveLength(3);
    await clock.step(499);
    expect(seen).toHaveLength(3);
    await clock.step(1);
    await until(() => seen.length === 4);
    await clock.step(500);
    await Promise.all(all);
    expect(seen.map((s) => s.url)).toEqual(['/r0', '/r1', '/r2', '/r3', '/r4']);
    expect(results).toHaveLength(5);
  });

  it('uses the default QPS 5 / burst 10 unless configured, and none for a negative QPS', () => {
    expect(client({ host: 'http://127.0.0.1:1' }).rateLimiter?.qps).toBe(5);
    expect(client({ host: 'http://127.0.0.1:1', qps: 50, burst: 100 }).rateLimiter?.qps).toBe(50);
    expect(client({ host: 'http://127.0.0.1:1', qps: -1 }).rateLimiter).toBeNull();
  });

  it('reports a refused connection with the request in the message', async () => {
    const { host } = await fakeServer(() => {});
    servers[0]?.close();
    await new Promise((r) => setTimeout(r, 10));
    await expect(client({ host }).request({ method: 'POST', path: '/x', body: {} })).rejects.toThrow(
      /^POST "http:\/\/127\.0\.0\.1:\d+\/x": /,
    );
  });

  it('decodes a watch stream split at any byte, and throws ERROR events as StatusError', async () => {
    const lines = [
      { type: 'ADDED', object: { metadata: { name: 'a', resourceVersion: '1' } } },
      { type: 'BOOKMARK', object: { metadata: { resourceVersion: '2' } } },
      { type: 'ERROR', object: { ...notFound, code: 410, reason: 'Expired', message: 'too old resource version' } },
    ]
      .map((l) => JSON.stringify(l))
      .join('\n');
    const { host, seen } = await fakeServer((_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const bytes = Buffer.from(`${lines}\n`);
      for (let i = 0; i < bytes.length; i += 7) res.write(bytes.subarray(i, i + 7));
      res.end();
    });
    const w = await client({ host }).watch<{ metadata: { name?: string } }>({
      path: '/api/v1/configmaps',
      query: { resourceVersion: '0' },
    });
    const got: string[] = [];
    const err = await (async () => {
      for await (const ev of w) got.push(ev.type);
    })().catch((e: unknown) => e);
    expect(seen[0]?.url).toBe('/api/v1/configmaps?resourceVersion=0&watch=true');
    expect(got).toEqual(['ADDED', 'BOOKMARK']);
    expect((err as StatusError).status.reason).toBe('Expired');
  });

  it('ends a watch quietly on stop()', async () => {
    const { host } = await fakeServer((_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(`${JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'a' } } })}\n`);
    });
    const w = await client({ host }).watch({ path: '/api/v1/configmaps' });
    const got: string[] = [];
    for await (const ev of w) {
      got.push(ev.type);
      w.stop();
    }
    expect(got).toEqual(['ADDED']);
  });

  it('ends a watch without an error when the connection is cut mid-stream', async () => {
    const { host } = await fakeServer((_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(`${JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'a' } } })}\n`);
      setTimeout(() => res.socket?.destroy(), 20);
    });
    const w = await client({ host }).watch({ path: '/api/v1/configmaps' });
    const got: string[] = [];
    for await (const ev of w) got.push(ev.type);
    expect(got).toEqual(['ADDED']);
  });

  it('verifies the server with the CA and presents the client certificate', async () => {
    const ca = await generateCA('test-ca');
    const signer = await loadSigningCA(ca);
    const serving = await generateSignedCert(signer, { commonName: 'server', hosts: ['127.0.0.1'], usage: 'server' });
    const user = await generateSignedCert(signer, { commonName: 'alice', usage: 'client' });
    const server = createHTTPSServer(
      { cert: serving.certPEM, key: serving.keyPEM, ca: ca.certPEM, requestCert: true, rejectUnauthorized: true },
      (req, res) => json(res, 200, { user: (req.socket as TLSSocket).getPeerCertificate().subject?.CN }),
    );
    const port = await listen(server);
    const host = `https://127.0.0.1:${port}`;
    const good = client({
      host,
      tlsClientConfig: {
        insecure: false,
        caData: Buffer.from(ca.certPEM),
        certData: Buffer.from(user.certPEM),
        keyData: Buffer.from(user.keyPEM),
      },
    });
    expect(await good.request({ method: 'GET', path: '/whoami' })).toEqual({ user: 'alice' });
    const untrusting = client({ host, tlsClientConfig: { insecure: false } });
    await expect(untrusting.request({ method: 'GET', path: '/whoami' })).rejects.toThrow(/certificate/);
  });
});

async function until(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 2));
  }
}
