import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { allAuthenticated, systemPrivilegedGroup } from '../../authentication/user/user.js';
import { requestContextFrom } from '../../endpoints/request/context.js';
import type { HandlerFunc } from '../mux/mux.js';
import { retryAfterSeconds, tooManyRequestsMessage, withMaxInFlightLimit } from './maxinflight.js';
import { withRequestInfo } from './request-info.js';

/**
 * A plain-HTTP server with request info → a user from the `x-test-group` header → the limit →
 * a handler that holds every request until `releaseAll()`.
 */
function limitedServer(readOnly: number, mutating: number) {
  const held: Array<() => void> = [];
  const api: HandlerFunc = (_req, res) => {
    held.push(() => res.end('done'));
  };
  const limited = withMaxInFlightLimit(readOnly, mutating)(api);
  const withUser: HandlerFunc = (req, res) => {
    const group = req.headers['x-test-group'];
    requestContextFrom(req).user = {
      name: 'someone',
      groups: typeof group === 'string' ? [group, allAuthenticated] : [allAuthenticated],
    };
    return limited(req, res);
  };
  const handler = withRequestInfo()(withUser);
  const server = createServer((req, res) => void handler(req, res));
  const releaseAll = (): void => {
    for (const release of held.splice(0)) release();
  };
  return { server, held, releaseAll };
}

let running: Server | undefined;
const agent = new Agent({ connections: 50 });
afterEach(async () => {
  await new Promise((resolve) => running?.close(resolve));
  running = undefined;
});

async function start(readOnly: number, mutating: number) {
  const s = limitedServer(readOnly, mutating);
  running = s.server;
  await new Promise<void>((resolve) => s.server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${(s.server.address() as AddressInfo).port}`;
  const send = async (method: string, path: string, headers: Record<string, string> = {}) => {
    const res = await request(`${base}${path}`, { method: method as 'GET', headers, dispatcher: agent });
    return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
  };
  /** Waits until the handler holds `n` requests (bounded). */
  const holding = async (n: number) => {
    for (let i = 0; i < 200 && s.held.length < n; i++) await new Promise((r) => setTimeout(r, 10));
    expect(s.held.length).toBe(n);
  };
  return { ...s, send, holding };
}

describe('withMaxInFlightLimit', () => {
  it('answers 429 with Retry-After and upstream message beyond the read limit, counting reads and writes apart', async () => {
    const s = await start(2, 1);
    const reads = [s.send('GET', '/api/v1/namespaces/a/configmaps'), s.send('GET', '/api/v1/namespaces/a/pods/p')];
    const write = s.send('POST', '/api/v1/namespaces/a/configmaps');
    await s.holding(3);
    const refused = await s.send('GET', '/api/v1/configmaps');
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe(retryAfterSeconds);
    expect(refused.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(refused.text).toBe(`${tooManyRequestsMessage}\n`);
    // A non-resource GET is a read too; a DELETE a write, over its limit of 1.
    expect((await s.send('GET', '/version')).status).toBe(429);
    expect((await s.send('DELETE', '/api/v1/namespaces/a/configmaps/x')).status).toBe(429);
    s.releaseAll();
    expect((await Promise.all([...reads, write])).map((r) => r.status)).toEqual([200, 200, 200]);
    // Slots come back once the answers are finished.
    const again = s.send('GET', '/api/v1/configmaps');
    await s.holding(1);
    s.releaseAll();
    expect((await again).status).toBe(200);
  });

  it('never refuses system:masters, health probes or long-running requests', async () => {
    const s = await start(1, 1);
    const first = s.send('GET', '/api/v1/configmaps');
    await s.holding(1);
    const exempt = [
      s.send('GET', '/api/v1/configmaps', { 'x-test-group': systemPrivilegedGroup }),
      s.send('GET', '/readyz'),
      s.send('GET', '/livez/ping'),
      s.send('GET', '/api/v1/configmaps?watch=true'),
      s.send('GET', '/api/v1/namespaces/a/pods/p/log'),
    ];
    await s.holding(6);
    expect((await s.send('GET', '/api/v1/configmaps')).status).toBe(429);
    s.releaseAll();
    expect((await Promise.all([first, ...exempt])).map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it('limits nothing when a limit is 0', async () => {
    const s = await start(0, 0);
    const all = Array.from({ length: 5 }, () => s.send('POST', '/api/v1/namespaces/a/configmaps'));
    await s.holding(5);
    s.releaseAll();
    expect((await Promise.all(all)).every((r) => r.status === 200)).toBe(true);
  });
});
