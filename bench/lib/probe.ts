/**
 * Readiness polling for startup timing: anonymous HTTPS GETs on fresh connections (no pooling,
 * the way a load balancer or kubelet probe sees a new process), a few milliseconds apart.
 */
import https from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchProcess } from './processes.js';

export interface ProbeOptions {
  /** Pause between attempts; an attempt that fails fast (connection refused) is retried after it. */
  intervalMs?: number;
  /** The whole wait is bounded by this. */
  timeoutMs?: number;
}

/**
 * Resolves with `performance.now()` at the first 200 answer to `GET https://127.0.0.1:<port><path>`.
 * Rejects, quoting the process output, if `proc` exits first or `timeoutMs` passes.
 */
export async function waitFor200(
  proc: BenchProcess,
  port: number,
  urlPath: string,
  opts: ProbeOptions = {},
): Promise<number> {
  const { intervalMs = 3, timeoutMs = 30_000 } = opts;
  const deadline = performance.now() + timeoutMs;
  let last = 'no attempt yet';
  while (performance.now() < deadline) {
    if (proc.exit)
      throw new Error(
        `process exited (code=${proc.exit.code} signal=${proc.exit.signal}) before ${urlPath} answered 200\n${proc.output().slice(-3000)}`,
      );
    const result = await attempt(port, urlPath, Math.max(1, deadline - performance.now()));
    if (result.status === 200) return result.at;
    last = result.status === undefined ? result.error : `HTTP ${result.status}`;
    await sleep(intervalMs);
  }
  throw new Error(
    `${urlPath} on port ${port} not 200 after ${timeoutMs} ms (last: ${last})\n${proc.output().slice(-3000)}`,
  );
}

type Attempt = { status: number; at: number } | { status: undefined; error: string };

function attempt(port: number, urlPath: string, timeoutMs: number): Promise<Attempt> {
  return new Promise((resolve) => {
    const req = https.get(
      { host: '127.0.0.1', port, path: urlPath, agent: false, rejectUnauthorized: false, timeout: timeoutMs },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, at: performance.now() }));
        res.on('error', (err) => resolve({ status: undefined, error: err.message }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('attempt timed out')));
    req.on('error', (err) => resolve({ status: undefined, error: err.message }));
  });
}
