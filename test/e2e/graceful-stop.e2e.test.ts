/**
 * A graceful stop under load, as Go's http.Server.Shutdown does it upstream: after the stop
 * signal (and --shutdown-delay-duration) every answer carries `Connection: close` and only idle
 * connections are closed, so no keep-alive client has a request cut — its next request finds the
 * port closed before anything is sent, and knows it. Every create that was answered 201 is there
 * after a restart on the same data.
 */
import { Client } from 'undici';
import { afterAll, describe, expect, it } from 'vitest';
import { killAll, makeTempDir, removeTempDirs } from './support/bundle.js';
import { httpsRequest, startAPIServer, type RunningAPIServer } from './support/apiserver.js';

afterAll(async () => {
  await killAll();
  removeTempDirs();
});

const workers = 40;
const namespace = 'default';

interface Outcome {
  /** Answers: status and whether the answer closed the connection. */
  answers: Array<{ status: number; connectionClose: boolean; afterStop: boolean }>;
  /** Names answered 201. */
  created: string[];
  /** Requests that were sent (or may have been) and got no answer: the failures this test counts. */
  failed: string[];
  /** Why the worker stopped. */
  stoppedBy: string;
}

/** Connection errors that mean nothing was sent: the listener was closed already. */
const notSent = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * One keep-alive client in a closed loop: create a ConfigMap, read it back, again, until the
 * server refuses the connection (or `deadline`).
 */
async function worker(server: RunningAPIServer, id: number, stopped: () => boolean, deadline: number) {
  const client = new Client(server.url, {
    connect: { ca: server.admin.ca, cert: server.admin.cert, key: server.admin.key },
    pipelining: 1,
  });
  const out: Outcome = { answers: [], created: [], failed: [], stoppedBy: 'deadline' };
  try {
    for (let i = 0; Date.now() < deadline; i++) {
      const name = `w${id}-${i}`;
      for (const [method, path, body] of [
        [
          'POST',
          `/api/v1/namespaces/${namespace}/configmaps`,
          JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { i: String(i) } }),
        ],
        ['GET', `/api/v1/namespaces/${namespace}/configmaps/${name}`, undefined],
      ] as const) {
        const afterStop = stopped();
        try {
          const res = await client.request({
            method,
            path,
            body,
            headers: body ? { 'content-type': 'application/json' } : {},
          });
          await res.body.dump();
          const connectionClose = String(res.headers.connection ?? '').toLowerCase() === 'close';
          out.answers.push({ status: res.statusCode, connectionClose, afterStop });
          if (method === 'POST' && res.statusCode === 201) out.created.push(name);
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code ?? '';
          if (notSent.has(code)) {
            out.stoppedBy = code;
            return out;
          }
          out.failed.push(`${method} ${path}: ${code} ${err instanceof Error ? err.message : String(err)}`);
          out.stoppedBy = 'failure';
          return out;
        }
      }
    }
    return out;
  } finally {
    await client.destroy();
  }
}

describe('graceful stop under load', () => {
  it.each(['0s', '2s'])(
    'with --shutdown-delay-duration=%s: no request in flight fails and every acknowledged create is kept',
    async (delay) => {
      const dataDir = makeTempDir();
      const server = await startAPIServer({
        storage: 'embedded',
        dataDir,
        args: ['--shutdown-delay-duration', delay],
      });
      let stopAt = 0;
      const deadline = Date.now() + 40_000;
      const running = Array.from({ length: workers }, (_, id) => worker(server, id, () => stopAt > 0, deadline));
      await new Promise((r) => setTimeout(r, 1_500));
      stopAt = Date.now();
      server.proc.signal('SIGTERM');
      const outcomes = await Promise.all(running);
      const exit = await server.proc.waitForExit(30_000);
      expect(exit.code, exit.stderr.slice(-2000)).toBe(0);

      const answers = outcomes.flatMap((o) => o.answers);
      expect(outcomes.flatMap((o) => o.failed)).toEqual([]);
      expect(outcomes.map((o) => o.stoppedBy).filter((why) => why !== 'ECONNREFUSED')).toEqual([]);
      expect(answers.filter((a) => a.status >= 500)).toEqual([]);
      // Load went on after the signal, and answers told clients to close their connections.
      expect(answers.filter((a) => a.afterStop).length).toBeGreaterThan(0);
      expect(answers.filter((a) => a.connectionClose).length).toBeGreaterThanOrEqual(workers);
      if (delay !== '0s') {
        // During the delay the server keeps serving on the same connections.
        expect(answers.filter((a) => a.afterStop && !a.connectionClose).length).toBeGreaterThan(0);
      }

      const created = outcomes.flatMap((o) => o.created);
      expect(created.length).toBeGreaterThan(workers);
      const restarted = await startAPIServer({ storage: 'embedded', dataDir, port: server.port });
      try {
        const list = await httpsRequest(
          restarted.url,
          'GET',
          `/api/v1/namespaces/${namespace}/configmaps`,
          restarted.admin,
        );
        const names = new Set(
          (list.json as { items: Array<{ metadata: { name: string } }> }).items.map((i) => i.metadata.name),
        );
        expect(created.filter((name) => !names.has(name))).toEqual([]);
      } finally {
        await restarted.stop();
      }
    },
    120_000,
  );
});
