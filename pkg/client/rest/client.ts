/**
 * The REST client every other part of pkg/client sends through (mirrors client-go rest.RESTClient
 * and rest.Request, JSON only). One client per RESTConfig holds one undici connection pool, one
 * client-side rate limiter and the user agent:
 *
 *   request ─▶ rate limiter (QPS/burst) ─▶ undici ─▶ 2xx: JSON body
 *                 ▲                                  429/5xx with Retry-After: wait, try again (≤ maxRetries)
 *                 └──────────────────────────────────  GET failing with a reset connection: again after 1 s
 *                                                      otherwise: StatusError (the server's Status, or one built from the code)
 *
 * Like client-go, responses without Retry-After are not retried: the server decides whether a
 * retry is welcome. An optional per-host back-off (client-go's URL back-off) delays requests to a
 * host that keeps answering 5xx.
 */
import { Agent, type Dispatcher, request as undiciRequest } from 'undici';
import type { StatusError } from '../../api/errors/errors.js';
import * as klog from '../../klog/klog.js';
import type { RESTConfig } from '../tools/clientcmd/client-config.js';
import { type Clock, realClock, sleepOn } from '../util/clock/clock.js';
import { Backoff, type BackoffOptions } from '../util/flowcontrol/backoff.js';
import { newTokenBucketRateLimiter, type RateLimiter } from '../util/flowcontrol/throttle.js';
import { errorFromResponse, RequestError, type RequestInfo } from './errors.js';
import { defaultKubernetesUserAgent } from './user-agent.js';
import { decodeWatchStream, type WatchStream } from './watch.js';

/** client-go's rest defaults. */
export const defaultQPS = 5;
export const defaultBurst = 10;
/** Retries after Retry-After responses before giving up (client-go's Request.maxRetries). */
export const defaultMaxRetries = 10;

export type HTTPMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
export type QueryValue = string | number | boolean | readonly string[] | undefined;

export interface RequestOptions {
  method: HTTPMethod;
  /** The absolute path, e.g. `/api/v1/namespaces/default/pods`. */
  path: string;
  query?: Record<string, QueryValue>;
  /** Sent as JSON unless a string (sent as is). */
  body?: unknown;
  /** Content-Type of the body; application/json by default. */
  contentType?: string;
  accept?: string;
  signal?: AbortSignal;
  /** What the request is about, for error messages of non-Status failures. */
  info?: Omit<RequestInfo, 'method'>;
}

export interface RawResponse {
  statusCode: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

export interface RESTClientOptions {
  /** Overrides the limiter built from config.qps/burst (share one between clients, or a fake-clock one in tests). */
  rateLimiter?: RateLimiter | null;
  clock?: Clock;
  /** Per-host exponential back-off on 5xx and connection errors (client-go: off unless configured). */
  backoff?: BackoffOptions;
  maxRetries?: number;
  /** A dispatcher to use instead of the client's own pool (tests). */
  dispatcher?: Dispatcher;
}

export class RESTClient {
  readonly config: RESTConfig;
  readonly userAgent: string;
  readonly rateLimiter: RateLimiter | null;
  private readonly base: URL;
  private readonly clock: Clock;
  private readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  private readonly backoff: Backoff | undefined;
  private readonly maxRetries: number;
  private readonly authorization: string | undefined;

  constructor(config: RESTConfig, opts: RESTClientOptions = {}) {
    this.config = config;
    this.base = new URL(config.host);
    if (this.base.protocol !== 'https:' && this.base.protocol !== 'http:') {
      throw new Error(`host must be an http(s) URL, got ${JSON.stringify(config.host)}`);
    }
    this.clock = opts.clock ?? realClock;
    this.userAgent = config.userAgent ?? defaultKubernetesUserAgent();
    this.rateLimiter = opts.rateLimiter === undefined ? rateLimiterFor(config, this.clock) : opts.rateLimiter;
    this.backoff = opts.backoff ? new Backoff(opts.backoff, this.clock) : undefined;
    this.maxRetries = opts.maxRetries ?? defaultMaxRetries;
    this.authorization = authorizationHeader(config);
    if (opts.dispatcher) {
      this.dispatcher = opts.dispatcher;
      this.ownsDispatcher = false;
    } else {
      const tls = config.tlsClientConfig;
      this.dispatcher = new Agent({
        connect: {
          rejectUnauthorized: !tls.insecure,
          ...(tls.caData ? { ca: tls.caData } : {}),
          ...(tls.certData ? { cert: tls.certData } : {}),
          ...(tls.keyData ? { key: tls.keyData } : {}),
          ...(tls.serverName ? { servername: tls.serverName } : {}),
        },
      });
      this.ownsDispatcher = true;
    }
  }

  /** Sends the request and decodes the JSON response (undefined for an empty body). */
  async request<T>(opts: RequestOptions): Promise<T> {
    const res = await this.send(opts, false);
    const text = await res.body.text();
    // The apiserver's answer is trusted to be what the caller asked for (client-go decodes into T the same way).
    return (text ? JSON.parse(text) : undefined) as T;
  }

  /** Sends the request and returns the undecoded 2xx response. */
  async requestRaw(opts: RequestOptions): Promise<RawResponse> {
    const res = await this.send(opts, false);
    return { statusCode: res.statusCode, headers: res.headers, text: await res.body.text() };
  }

  /**
   * Opens a watch (`watch=true` is added to the query) and returns its event stream. The stream
   * ends when the server ends the watch; `stop()` or `opts.signal` close it early. ERROR events
   * are thrown by the iterator as StatusError (410 Expired: relist).
   */
  async watch<T>(opts: Omit<RequestOptions, 'method' | 'body'>): Promise<WatchStream<T>> {
    const controller = new AbortController();
    const signal = opts.signal ? AbortSignal.any([opts.signal, controller.signal]) : controller.signal;
    const res = await this.send({ ...opts, method: 'GET', query: { ...opts.query, watch: true }, signal }, true);
    return decodeWatchStream<T>(res.body, controller);
  }

  /** Closes the connection pool (open watches end). */
  async close(): Promise<void> {
    if (this.ownsDispatcher) await this.dispatcher.close();
  }

  url(path: string, query: Record<string, QueryValue> = {}): string {
    const u = new URL(this.base.pathname.replace(/\/$/, '') + path, this.base);
    for (const [k, v] of Object.entries(query)) {
      if (v === undefined) continue;
      if (Array.isArray(v)) for (const item of v) u.searchParams.append(k, item);
      else u.searchParams.set(k, String(v));
    }
    return u.toString();
  }

  private async send(opts: RequestOptions, isWatch: boolean): Promise<Dispatcher.ResponseData> {
    const url = this.url(opts.path, opts.query);
    const headers: Record<string, string> = {
      'user-agent': this.userAgent,
      accept: opts.accept ?? 'application/json, */*',
    };
    if (this.authorization) headers.authorization = this.authorization;
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
      headers['content-type'] = opts.contentType ?? 'application/json';
    }
    const info: RequestInfo = { method: opts.method, ...opts.info };
    const host = this.base.host;
    for (let attempt = 0; ; attempt++) {
      await this.throttle(opts, url, opts.signal);
      const backoffMs = this.backoff?.get(host) ?? 0;
      if (backoffMs > 0 && !(await sleepOn(this.clock, backoffMs, opts.signal))) opts.signal?.throwIfAborted();
      const signal = this.requestSignal(opts.signal, isWatch);
      let res: Dispatcher.ResponseData;
      try {
        res = await undiciRequest(url, {
          dispatcher: this.dispatcher,
          method: opts.method,
          headers,
          body,
          ...(signal ? { signal } : {}),
          // A watch is silent between events for as long as nothing changes.
          ...(isWatch ? { bodyTimeout: 0 } : {}),
        });
      } catch (err) {
        opts.signal?.throwIfAborted();
        this.backoff?.next(host);
        // Like client-go, only reads are repeated after a dropped connection: a write may have happened.
        if (opts.method === 'GET' && isConnectionReset(err) && attempt < this.maxRetries) {
          klog.v(4).info('Retrying GET after a dropped connection', { url, attempt: attempt + 1 });
          if (!(await sleepOn(this.clock, 1000, opts.signal))) opts.signal?.throwIfAborted();
          continue;
        }
        throw new RequestError(opts.method, url, err);
      }
      if (res.statusCode >= 200 && res.statusCode < 300) {
        this.backoff?.reset(host);
        return res;
      }
      if (res.statusCode >= 500) this.backoff?.next(host);
      const text = await res.body.text();
      const retryAfter = retryAfterSeconds(res.statusCode, res.headers['retry-after']);
      if (retryAfter !== undefined && attempt < this.maxRetries) {
        klog.v(4).info('Got a Retry-After response', {
          delay: `${retryAfter}s`,
          attempt: attempt + 1,
          code: res.statusCode,
          url,
        });
        if (!(await sleepOn(this.clock, Math.max(retryAfter * 1000, backoffMs), opts.signal))) {
          opts.signal?.throwIfAborted();
        }
        continue;
      }
      throw this.failure(res.statusCode, text, info, retryAfter);
    }
  }

  private failure(code: number, text: string, info: RequestInfo, retryAfter: number | undefined): StatusError {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    return errorFromResponse(code, parsed, text, info, retryAfter);
  }

  private async throttle(opts: RequestOptions, url: string, signal: AbortSignal | undefined): Promise<void> {
    if (!this.rateLimiter) return;
    const waited = await this.rateLimiter.wait(signal);
    // client-go's wording, so that a slow controller's log says why.
    if (waited > 1000) {
      klog.info(`Waited for ${(waited / 1000).toFixed(3)}s due to client-side throttling, not priority and fairness`, {
        verb: opts.method,
        url,
      });
    } else if (waited > 50) {
      klog.v(3).info('Waited before sending request', { delay: `${waited}ms`, verb: opts.method, url });
    }
  }

  private requestSignal(signal: AbortSignal | undefined, isWatch: boolean): AbortSignal | undefined {
    const timeout = !isWatch && this.config.timeoutMs ? AbortSignal.timeout(this.config.timeoutMs) : undefined;
    if (signal && timeout) return AbortSignal.any([signal, timeout]);
    return signal ?? timeout;
  }
}

function rateLimiterFor(config: RESTConfig, clock: Clock): RateLimiter | null {
  const qps = config.qps || defaultQPS;
  const burst = config.burst || defaultBurst;
  return qps > 0 ? newTokenBucketRateLimiter(qps, burst, clock) : null;
}

function authorizationHeader(config: RESTConfig): string | undefined {
  if (config.bearerToken) return `Bearer ${config.bearerToken}`;
  if (config.username !== undefined || config.password !== undefined) {
    return `Basic ${Buffer.from(`${config.username ?? ''}:${config.password ?? ''}`).toString('base64')}`;
  }
  return undefined;
}

/** client-go's checkWait: only 429 and 5xx responses carrying an integer Retry-After are retried. */
export function retryAfterSeconds(code: number, header: string | string[] | undefined): number | undefined {
  if (code !== 429 && code < 500) return undefined;
  const value = Array.isArray(header) ? header[0] : header;
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number(value);
}

/** Connection reset, closed socket or EOF before a response: the request may be repeated if it was a read. */
function isConnectionReset(err: unknown): boolean {
  const code = (err as { code?: unknown })?.code;
  return code === 'ECONNRESET' || code === 'UND_ERR_SOCKET' || code === 'EPIPE' || code === 'UND_ERR_CLOSED';
}
