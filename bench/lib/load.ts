/**
 * Load generation over undici dispatchers: closed loops (each worker sends its next request as
 * soon as the previous answer is fully read), bounded in count and in time, recording per-request
 * latency and keeping every failure (non-2xx or transport error) for the report.
 */
import type { Dispatcher } from './undici.js';

export interface Answer {
  status: number;
  body: Buffer;
}

export interface Failures {
  /** Failures by "HTTP <status>" or "error: <message>". */
  byKind: Map<string, number>;
  /** The first few, with the start of their bodies, to show what went wrong. */
  samples: string[];
  total: number;
}

export interface LoadResult {
  /** Requests completed (successful or not). */
  count: number;
  /** Latency of each successful request, in completion order. */
  latenciesMs: number[];
  elapsedMs: number;
  failures: Failures;
  /** The body of the first successful answer. */
  firstBody?: Buffer;
}

export function newFailures(): Failures {
  return { byKind: new Map(), samples: [], total: 0 };
}

/** Records one failure; keeps the first five samples. */
export function recordFailure(failures: Failures, kind: string, detail: string): void {
  failures.total++;
  failures.byKind.set(kind, (failures.byKind.get(kind) ?? 0) + 1);
  if (failures.samples.length < 5) failures.samples.push(`${kind}: ${detail.slice(0, 300)}`);
}

/** "HTTP 500 ×3, error: other side closed ×1", or "none". */
export function describeFailures(failures: Failures): string {
  if (failures.total === 0) return 'none';
  return [...failures.byKind].map(([kind, n]) => `${kind} ×${n}`).join(', ');
}

/** One request on `dispatcher` (a Pool, which knows its origin), body read in full. Transport errors reject. */
export async function send(
  dispatcher: Dispatcher,
  method: Dispatcher.HttpMethod,
  path: string,
  body?: string,
): Promise<Answer> {
  const res = await dispatcher.request({
    method,
    path,
    headers:
      body === undefined
        ? { accept: 'application/json' }
        : { accept: 'application/json', 'content-type': 'application/json' },
    body,
  });
  return { status: res.statusCode, body: Buffer.from(await res.body.arrayBuffer()) };
}

export interface LoopOptions {
  concurrency: number;
  /** Stop after this many requests in all… */
  count?: number;
  /** …or after this long, whichever comes first (at least one bound is required). */
  durationMs?: number;
  /** Sends request number `i` (0-based, unique across workers). */
  request: (i: number) => Promise<Answer>;
}

/** Runs `concurrency` closed loops until the count or the time bound is reached. */
export async function closedLoop(opts: LoopOptions): Promise<LoadResult> {
  if (opts.count === undefined && opts.durationMs === undefined)
    throw new Error('closedLoop: give a count or a duration');
  const result: LoadResult = { count: 0, latenciesMs: [], elapsedMs: 0, failures: newFailures() };
  const started = performance.now();
  const endAt = opts.durationMs === undefined ? Infinity : started + opts.durationMs;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (performance.now() < endAt) {
      const i = next++;
      if (opts.count !== undefined && i >= opts.count) return;
      const t0 = performance.now();
      try {
        const answer = await opts.request(i);
        if (answer.status >= 200 && answer.status < 300) {
          result.latenciesMs.push(performance.now() - t0);
          result.firstBody ??= answer.body;
        } else {
          recordFailure(result.failures, `HTTP ${answer.status}`, answer.body.toString('utf8'));
        }
      } catch (err) {
        recordFailure(result.failures, `error: ${err instanceof Error ? err.message : String(err)}`, '');
      }
      result.count++;
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  result.elapsedMs = performance.now() - started;
  return result;
}
