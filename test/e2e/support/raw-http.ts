/**
 * HTTP helpers the JSON-oriented `server.request()` cannot offer: the raw bytes of a response
 * (gzip, protobuf), and watch streams read event by event while the test keeps writing.
 *
 * @example
 *   const watch = openWatch(server, '/api/v1/namespaces/x/configmaps?watch=1&resourceVersion=5');
 *   await watch.opened;
 *   await server.request('POST', '/api/v1/namespaces/x/configmaps', { body: cm });
 *   const events = await watch.until((evs) => evs.length >= 1);
 *   watch.close();
 */
import { request as httpsRequest, type RequestOptions } from 'node:https';
import type { IncomingHttpHeaders } from 'node:http';
import type { RunningAPIServer } from './apiserver.js';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** One watch event as the apiserver streams it (JSON, one per line). */
export interface WatchEvent {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: {
    kind?: string;
    apiVersion?: string;
    metadata?: {
      name?: string;
      resourceVersion?: string;
      labels?: Record<string, string>;
      annotations?: Record<string, string>;
    };
    [k: string]: unknown;
  };
}

export interface OpenWatch {
  /** Resolves with the status code once the response headers arrived. */
  opened: Promise<number>;
  /** Every event received so far. */
  readonly events: WatchEvent[];
  /** Resolves when the server ended the stream (e.g. timeoutSeconds), with all its events. */
  ended: Promise<WatchEvent[]>;
  /** Resolves once `done(events)` holds; rejects after `timeoutMs` (default 10 s) quoting what arrived. */
  until(done: (events: WatchEvent[]) => boolean, timeoutMs?: number): Promise<WatchEvent[]>;
  /** Closes the connection (idempotent). */
  close(): void;
}

function options(
  server: RunningAPIServer,
  method: string,
  urlPath: string,
  headers: Record<string, string>,
): RequestOptions {
  const url = new URL(urlPath, server.url);
  return {
    method,
    hostname: url.hostname,
    port: url.port,
    path: `${url.pathname}${url.search}`,
    headers,
    ca: server.admin.ca,
    ...(server.admin.cert ? { cert: server.admin.cert } : {}),
    ...(server.admin.key ? { key: server.admin.key } : {}),
  };
}

/** A request whose response body is returned as bytes, undecoded (no gunzip). Bounded by `timeoutMs`. */
export function rawRequest(
  server: RunningAPIServer,
  method: string,
  urlPath: string,
  headers: Record<string, string> = {},
  timeoutMs = 20_000,
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(options(server, method, urlPath, headers), (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`${method} ${urlPath}: no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/** Opens a watch (the path carries the query) and collects its events as they arrive. */
export function openWatch(server: RunningAPIServer, urlPath: string): OpenWatch {
  const events: WatchEvent[] = [];
  const waiters = new Set<() => void>();
  const notify = (): void => {
    for (const w of [...waiters]) w();
  };
  let finished = false;
  let body = '';
  let resolveOpened: (code: number) => void = () => {};
  let rejectOpened: (err: Error) => void = () => {};
  const opened = new Promise<number>((res, rej) => {
    resolveOpened = res;
    rejectOpened = rej;
  });
  // A caller that never awaits `opened` must not see an unhandled rejection when the request fails.
  opened.catch(() => {});
  let resolveEnded: (evs: WatchEvent[]) => void = () => {};
  const ended = new Promise<WatchEvent[]>((res) => (resolveEnded = res));
  const finish = (): void => {
    if (finished) return;
    finished = true;
    resolveEnded(events);
    notify();
  };
  let pending = '';
  const req = httpsRequest(options(server, 'GET', urlPath, {}), (res) => {
    resolveOpened(res.statusCode ?? 0);
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      body += chunk;
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim() !== '') events.push(JSON.parse(line) as WatchEvent);
      notify();
    });
    res.on('end', finish);
    res.on('close', finish);
  });
  req.on('error', (err) => {
    rejectOpened(err);
    finish();
  });
  req.end();
  return {
    opened,
    events,
    ended,
    until(done, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          if (done(events)) {
            cleanup();
            resolve(events);
          } else if (finished) {
            cleanup();
            reject(new Error(`watch ${urlPath} ended before the condition held; received:\n${body}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`watch ${urlPath}: condition not met within ${timeoutMs} ms; received:\n${body}`));
        }, timeoutMs);
        const cleanup = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close() {
      req.destroy();
      finish();
    },
  };
}
