/**
 * Overload is shed, not queued (upstream's max-in-flight filter): above --max-requests-inflight /
 * --max-mutating-requests-inflight an ordinary user gets 429 with Retry-After at once, while the
 * health probes, an open watch and system:masters keep working, and nothing that was accepted is
 * lost. Small limits make "above the limit" easy to reach.
 */
import { request as httpsRequest } from 'node:https';
import { Agent, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { killAll, makeTempDir, removeTempDirs } from './support/bundle.js';
import { startAPIServer, writeTokenFile, type RunningAPIServer } from './support/apiserver.js';
import { openWatch } from './support/raw-http.js';

const token = 'overload-token';
const collection = '/api/v1/namespaces/default/configmaps';
const tooMany = 'Too many requests, please try again later.\n';

let server: RunningAPIServer;
/** One connection per concurrent request, as many clients would have. */
let agent: Agent;

beforeAll(async () => {
  const tokenFile = writeTokenFile(makeTempDir(), [`${token},loader,2001`]);
  server = await startAPIServer({
    args: ['--token-auth-file', tokenFile, '--max-requests-inflight=4', '--max-mutating-requests-inflight=2'],
  });
  agent = new Agent({ connections: 64, connect: { ca: server.admin.ca } });
});
afterAll(async () => {
  await server?.stop();
  await agent?.close();
  await killAll();
  removeTempDirs();
});

/** A request as the ordinary (token) user, on the shared pool; the answer's body read in full. */
async function asUser(method: string, path: string, body?: unknown) {
  const res = await request(`${server.url}${path}`, {
    method: method as 'GET',
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
    dispatcher: agent,
  });
  return { status: res.statusCode, headers: res.headers, text: await res.body.text() };
}

function configMap(name: string) {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: 'b' } };
}

/** A create whose body is held back until `finish()`: it occupies a mutating slot meanwhile. */
function heldCreate(name: string): { started: Promise<void>; finish: () => Promise<number> } {
  const body = JSON.stringify(configMap(name));
  let markStarted!: () => void;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  let resolveStatus!: (status: number) => void;
  let rejectStatus!: (err: Error) => void;
  const status = new Promise<number>((resolve, reject) => {
    resolveStatus = resolve;
    rejectStatus = reject;
  });
  const req = httpsRequest(`${server.url}${collection}`, {
    method: 'POST',
    ca: server.admin.ca,
    agent: false,
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    },
  });
  req.on('response', (res) => {
    res.resume();
    res.on('end', () => resolveStatus(res.statusCode ?? 0));
  });
  req.on('error', rejectStatus);
  // The headers go out now (the server counts the request from then on); the body later.
  req.flushHeaders();
  req.on('socket', (socket) => socket.once('secureConnect', () => setTimeout(markStarted, 300)));
  return {
    started,
    finish: () => {
      req.end(body);
      return status;
    },
  };
}

describe('above the in-flight limits', () => {
  it('refuses an ordinary user with 429 and Retry-After, but not masters, probes or a watch', async () => {
    const watch = openWatch(server, `${collection}?watch=true`);
    expect(await watch.opened).toBe(200);
    const held = [heldCreate('held-0'), heldCreate('held-1')];
    await Promise.all(held.map((h) => h.started));

    // The held creates count from when the server has read their headers: ask until it has.
    let refused = await asUser('POST', collection, configMap('refused-0'));
    const accepted: string[] = [];
    for (let i = 1; refused.status === 201 && i < 30; i++) {
      accepted.push(`refused-${i - 1}`);
      await new Promise((r) => setTimeout(r, 100));
      refused = await asUser('POST', collection, configMap(`refused-${i}`));
    }
    const refusedName = `refused-${accepted.length}`;
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.text).toBe(tooMany);
    // Reads have their own limit, not reached.
    expect((await asUser('GET', collection)).status).toBe(200);
    // system:masters and the probes go through a full limit.
    const admin = await server.request('POST', collection, { body: configMap('by-admin') });
    expect(admin.status).toBe(201);
    expect((await server.request('GET', '/readyz', { credentials: null })).status).toBe(200);
    await watch.until((evs) => evs.some((e) => e.type === 'ADDED' && e.object.metadata?.name === 'by-admin'));

    expect(await Promise.all(held.map((h) => h.finish()))).toEqual([201, 201]);
    watch.close();
    const names = await listNames();
    expect(names).toEqual(expect.arrayContaining(['held-0', 'held-1', 'by-admin', ...accepted]));
    expect(names).not.toContain(refusedName);
  });

  it('under a burst: only 2xx or 429, readyz and a watch keep working, every accepted create is kept', async () => {
    const watch = openWatch(server, `${collection}?watch=true`);
    expect(await watch.opened).toBe(200);
    const created: string[] = [];
    const refusedCreates: string[] = [];
    const statuses = new Map<number, number>();
    const problems: string[] = [];
    const count = (status: number): void => {
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
    };
    const deadline = Date.now() + 3_000;
    const worker = async (id: number): Promise<void> => {
      for (let i = 0; Date.now() < deadline; i++) {
        const name = `burst-${id}-${i}`;
        const create = await asUser('POST', collection, configMap(name));
        count(create.status);
        if (create.status === 201) created.push(name);
        else if (create.status === 429 && create.headers['retry-after'] === '1') refusedCreates.push(name);
        else problems.push(`POST ${name}: ${create.status} ${create.text.slice(0, 200)}`);
        const list = await asUser('GET', `${collection}?limit=5`);
        count(list.status);
        if (list.status !== 200 && list.status !== 429)
          problems.push(`LIST: ${list.status} ${list.text.slice(0, 200)}`);
      }
    };
    const probes: number[] = [];
    const probing = (async () => {
      while (Date.now() < deadline) {
        probes.push((await server.request('GET', '/readyz', { credentials: null })).status);
        await new Promise((r) => setTimeout(r, 100));
      }
    })();
    await Promise.all([...Array.from({ length: 48 }, (_, id) => worker(id)), probing]);

    expect(problems).toEqual([]);
    expect(statuses.get(429) ?? 0).toBeGreaterThan(0);
    expect(created.length).toBeGreaterThan(0);
    expect(probes.length).toBeGreaterThan(5);
    expect(probes.filter((s) => s !== 200)).toEqual([]);
    const seen = await watch.until(
      (evs) => created.every((name) => evs.some((e) => e.type === 'ADDED' && e.object.metadata?.name === name)),
      20_000,
    );
    expect(seen.filter((e) => e.type === 'ERROR')).toEqual([]);
    watch.close();
    const names = new Set(await listNames());
    expect(created.filter((name) => !names.has(name))).toEqual([]);
    expect(refusedCreates.filter((name) => names.has(name))).toEqual([]);
  });
});

async function listNames(): Promise<string[]> {
  const res = await server.request('GET', collection);
  expect(res.status).toBe(200);
  return (res.json as { items: Array<{ metadata: { name: string } }> }).items.map((i) => i.metadata.name);
}
