/**
 * Watch fan-out latency: open many watch streams (one HTTP/1.1 connection each, as client-go
 * informers do without HTTP/2), then make one write at a time and time how long until every
 * stream has delivered its event. Latency counts from just before the write is sent, so it
 * includes the write itself, as a controller waiting on the event would see it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { ClientTLS } from './apiserver.js';
import { newFailures, recordFailure, type Answer, type Failures } from './load.js';
import { undici, type Dispatcher } from './undici.js';

export interface FanoutOptions {
  origin: string;
  connect: ClientTLS;
  /** Path and query of the watch, e.g. /api/v1/namespaces/x/configmaps?watch=true */
  watchPath: string;
  watchers: number;
  /** How many writes, one after the other. */
  events: number;
  /** Makes write number k (0-based); its events must be the k-th line on every stream. */
  write: (k: number) => Promise<Answer>;
  /** Returns a problem when `line` is not the event of write k, undefined when it is. */
  check?: (line: string, k: number) => string | undefined;
  /** Bound on each wait: opening all streams, and each event reaching all of them. */
  timeoutMs: number;
}

export interface FanoutResult {
  /** Streams whose watch answered 200. */
  opened: number;
  /** Time to open all streams (headers received on each). */
  setupMs: number;
  /** Per stream and event: write sent → event line received. */
  latenciesMs: number[];
  /** Per event: write sent → the last stream received it. */
  allReceivedMs: number[];
  failures: Failures;
  /** The first event line a stream delivered. */
  firstLine?: string;
}

interface Stream {
  body: Dispatcher.ResponseData['body'];
  lines: number;
  partial: string;
}

/** Streams opened in parallel at most: a burst of 1,000 TLS handshakes would only measure the backlog. */
const openConcurrency = 50;

export async function measureWatchFanout(opts: FanoutOptions): Promise<FanoutResult> {
  const failures = newFailures();
  const result: FanoutResult = { opened: 0, setupMs: 0, latenciesMs: [], allReceivedMs: [], failures };
  const pool = new undici.Pool(opts.origin, {
    connect: opts.connect,
    connections: opts.watchers,
    pipelining: 1,
    headersTimeout: opts.timeoutMs,
    bodyTimeout: 0,
  });
  const streams: Stream[] = [];
  let current: { k: number; t0: number; received: number; slowestMs: number; done: () => void } | undefined;
  let closing = false;

  const onLine = (stream: Stream, line: string): void => {
    const k = stream.lines++;
    if (!current || k !== current.k) {
      recordFailure(failures, 'unexpected watch line', line);
      return;
    }
    const latency = performance.now() - current.t0;
    result.latenciesMs.push(latency);
    current.slowestMs = Math.max(current.slowestMs, latency);
    result.firstLine ??= line;
    const problem = opts.check?.(line, k);
    if (problem) recordFailure(failures, 'wrong watch event', `${problem}: ${line}`);
    if (++current.received === streams.length) current.done();
  };

  const open = async (): Promise<void> => {
    try {
      const res = await pool.request({ path: opts.watchPath, method: 'GET', headers: { accept: 'application/json' } });
      if (res.statusCode !== 200) {
        recordFailure(failures, `watch HTTP ${res.statusCode}`, await res.body.text());
        return;
      }
      const stream: Stream = { body: res.body, lines: 0, partial: '' };
      streams.push(stream);
      res.body.setEncoding('utf8');
      res.body.on('data', (chunk: string) => {
        const parts = (stream.partial + chunk).split('\n');
        stream.partial = parts.pop() ?? '';
        for (const line of parts) if (line !== '') onLine(stream, line);
      });
      res.body.on('end', () => {
        if (!closing) recordFailure(failures, 'watch ended early', `after ${stream.lines} line(s)`);
      });
      res.body.on('error', (err: Error) => {
        if (!closing) recordFailure(failures, 'watch stream error', err.message);
      });
    } catch (err) {
      recordFailure(failures, `watch error: ${err instanceof Error ? err.message : String(err)}`, '');
    }
  };

  try {
    const setupStart = performance.now();
    for (let i = 0; i < opts.watchers; i += openConcurrency) {
      await Promise.all(Array.from({ length: Math.min(openConcurrency, opts.watchers - i) }, open));
      if (performance.now() - setupStart > opts.timeoutMs) {
        recordFailure(
          failures,
          'watch setup timed out',
          `${streams.length} of ${opts.watchers} open after ${opts.timeoutMs} ms`,
        );
        break;
      }
    }
    result.setupMs = performance.now() - setupStart;
    result.opened = streams.length;
    if (streams.length === 0) return result;
    // Let the server finish registering the last watchers before the first write.
    await sleep(200);

    for (let k = 0; k < opts.events; k++) {
      let done!: () => void;
      const all = new Promise<void>((resolve) => (done = resolve));
      const t0 = performance.now();
      current = { k, t0, received: 0, slowestMs: 0, done };
      const write = opts.write(k).then(
        (answer) => {
          if (answer.status < 200 || answer.status >= 300)
            recordFailure(failures, `write HTTP ${answer.status}`, answer.body.toString('utf8'));
        },
        (err: unknown) =>
          recordFailure(failures, `write error: ${err instanceof Error ? err.message : String(err)}`, ''),
      );
      let timer: NodeJS.Timeout | undefined;
      const timedOut = await Promise.race([
        all.then(() => false),
        new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(true), opts.timeoutMs))),
      ]);
      clearTimeout(timer);
      await write;
      if (timedOut) {
        recordFailure(
          failures,
          'event not delivered',
          `write ${k}: ${streams.length - current.received} of ${streams.length} streams got nothing within ${opts.timeoutMs} ms`,
        );
        break;
      }
      result.allReceivedMs.push(current.slowestMs);
      current = undefined;
      await sleep(100);
    }
    return result;
  } finally {
    closing = true;
    for (const s of streams) s.body.destroy();
    await pool.destroy();
  }
}
