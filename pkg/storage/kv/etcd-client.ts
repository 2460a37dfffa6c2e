/**
 * A minimal etcd v3 client over etcd's JSON gRPC-gateway (POST /v3/kv/range, /v3/kv/txn,
 * /v3/kv/deleterange, /v3/kv/compaction, /v3/watch; etcd >= 3.4 serves /v3/, older releases
 * only /v3beta/). Keys and values travel base64-encoded, 64-bit integers as decimal strings, and
 * fields holding their zero value are omitted. Using the gateway keeps gRPC out of the bundle.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Pool, errors as undiciErrors } from 'undici';
import * as klog from '../../klog/klog.js';
import { StorageError } from '../errors/errors.js';

/** The gateway's KeyValue (mvccpb.KeyValue as JSON). */
export interface EtcdKeyValue {
  key: string;
  value?: string;
  create_revision?: string;
  mod_revision?: string;
}

export interface EtcdHeader {
  revision?: string;
}

export interface EtcdRangeResponse {
  header: EtcdHeader;
  kvs?: EtcdKeyValue[];
  more?: boolean;
  count?: string;
}

export interface EtcdClientOptions {
  servers: string[];
  requestTimeoutMs: number;
}

/** Errors meaning the request never reached a server: safe to try the next one. */
const connectFailures = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** How often a lost etcd is probed until it answers again, and how long one probe may take. */
const probeIntervalMs = 1000;
const probeTimeoutMs = 2000;
/** What a probe reads: a count of one key, as upstream's prober reads `<prefix>/health`. */
const healthRead = { key: Buffer.from('/health').toString('base64'), count_only: true };

/** Failures that mean etcd is not there at all, rather than one connection going bad. */
function isOutageEvidence(err: unknown): boolean {
  return (
    connectFailures.has(errorCode(err)) ||
    err instanceof undiciErrors.HeadersTimeoutError ||
    err instanceof undiciErrors.BodyTimeoutError
  );
}

export class EtcdClient {
  private readonly unary: Pool[];
  /** Watches hold a connection each for their lifetime: kept apart so they never starve requests. */
  private readonly streams: Pool[];
  private current = 0;
  /**
   * Set while etcd is known to be unreachable (see suspectOutage): requests then fail at once
   * with it instead of each waiting for a timeout, until a probe succeeds.
   */
  private outage: StorageError | undefined;
  private probing = false;
  private readonly closing = new AbortController();

  constructor(private readonly opts: EtcdClientOptions) {
    if (opts.servers.length === 0) throw new Error('etcd: no servers configured');
    this.unary = opts.servers.map((s) => new Pool(origin(s), { connections: 16, keepAliveTimeout: 30_000 }));
    this.streams = opts.servers.map((s) => new Pool(origin(s), { keepAliveTimeout: 1000 }));
  }

  /** One unary call. etcd's own errors are thrown as StorageErrors (see `etcdError`). */
  async call<T>(path: string, body: unknown, key: string): Promise<T> {
    this.failFast(key);
    return this.send<T>(path, body, key, this.opts.requestTimeoutMs);
  }

  /**
   * Resolves when etcd answers a read within `timeoutMs` (upstream's health probe reads a key
   * the same way); rejects with Unreachable naming the servers. Fails at once during a known outage.
   */
  async probe(timeoutMs = probeTimeoutMs): Promise<void> {
    this.failFast('');
    await this.send('/v3/kv/range', healthRead, '', timeoutMs);
  }

  private failFast(key: string): void {
    if (this.outage) throw new StorageError('Unreachable', key, this.outage.message);
  }

  private async send<T>(path: string, body: unknown, key: string, timeoutMs: number): Promise<T> {
    const payload = JSON.stringify(body);
    let lastError: unknown;
    for (let attempt = 0; attempt < this.unary.length; attempt++) {
      const index = this.current;
      try {
        const res = await this.unary[index]!.request({
          method: 'POST',
          path,
          body: payload,
          headers: { 'content-type': 'application/json' },
          headersTimeout: timeoutMs,
          bodyTimeout: timeoutMs,
        });
        const json = (await res.body.json()) as Record<string, unknown>;
        if (res.statusCode >= 400 || typeof json.error === 'string')
          throw etcdError(String(json.error ?? json.message ?? res.statusCode), key);
        return json as T;
      } catch (err) {
        if (err instanceof StorageError || (err instanceof Error && err.message.startsWith('etcd: '))) throw err;
        lastError = err;
        if (!connectFailures.has(errorCode(err))) break;
        this.current = (index + 1) % this.unary.length; // the next server, for this and later calls
      }
    }
    const err = unreachable(this.opts.servers, key, lastError, timeoutMs);
    this.suspectOutage(err, lastError);
    throw err;
  }

  /**
   * A request could not reach etcd: probe it (at once, then every second while it fails). A
   * refused connection or a timeout declares the outage at once; anything else (one connection
   * reset) only once a probe fails too, so a single broken connection fails no other request.
   */
  private suspectOutage(failure: StorageError, cause: unknown): void {
    if (this.closing.signal.aborted) return;
    if (!this.outage && isOutageEvidence(cause)) this.beginOutage(failure);
    if (this.probing) return;
    this.probing = true;
    void (async () => {
      try {
        for (;;) {
          try {
            await this.send('/v3/kv/range', healthRead, '', probeTimeoutMs);
            if (this.outage) klog.info('etcd answers again', { servers: this.opts.servers.join(',') });
            this.outage = undefined;
            return;
          } catch (err) {
            if (!this.outage && err instanceof StorageError) this.beginOutage(err);
          }
          await sleep(probeIntervalMs, undefined, { ref: false, signal: this.closing.signal });
        }
      } catch {
        // closed while waiting
      } finally {
        this.probing = false;
      }
    })();
  }

  private beginOutage(failure: StorageError): void {
    this.outage = failure;
    klog.error(failure, 'etcd is unreachable: failing requests at once until it answers again');
  }

  /** Opens a watch stream: newline-delimited JSON WatchResponses, ended by aborting `signal`. */
  async openStream(path: string, body: unknown, key: string, signal: AbortSignal): Promise<AsyncIterable<Buffer>> {
    this.failFast(key);
    try {
      const res = await this.streams[this.current]!.request({
        method: 'POST',
        path,
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
        headersTimeout: this.opts.requestTimeoutMs,
        bodyTimeout: 0,
        signal,
      });
      if (res.statusCode >= 400) {
        const text = await res.body.text();
        throw etcdError(text, key);
      }
      return res.body;
    } catch (err) {
      if (err instanceof StorageError || signal.aborted) throw err;
      if (connectFailures.has(errorCode(err))) this.current = (this.current + 1) % this.streams.length;
      const failure = unreachable(this.opts.servers, key, err, this.opts.requestTimeoutMs);
      this.suspectOutage(failure, err);
      throw failure;
    }
  }

  async close(): Promise<void> {
    this.closing.abort();
    await Promise.all([...this.unary, ...this.streams].map((p) => p.destroy()));
  }
}

/**
 * etcd's error strings → StorageErrors where they have a meaning above (compaction, future
 * revision, an overloaded or leaderless cluster); anything else is a plain Error, answered as
 * 500 like upstream does with errors it does not know.
 */
export function etcdError(message: string, key: string): Error {
  if (message.includes('required revision has been compacted'))
    return new StorageError('Compacted', key, `etcd: ${message}`);
  if (message.includes('required revision is a future revision'))
    return new StorageError('ResourceVersionTooLarge', key, `etcd: ${message}`);
  if (/request timed out|leader changed|no leader|too many requests/.test(message))
    return new StorageError('Unreachable', key, `etcd: ${message}`);
  // etcd's NOSPACE alarm: writes are refused, reads still work.
  if (message.includes('database space exceeded')) return new StorageError('NoSpace', key, `etcd: ${message}`);
  return new Error(`etcd: ${message}`);
}

function unreachable(servers: string[], key: string, err: unknown, timeoutMs: number): StorageError {
  const why =
    err instanceof undiciErrors.HeadersTimeoutError || err instanceof undiciErrors.BodyTimeoutError
      ? `no answer within ${formatSeconds(timeoutMs)}`
      : err instanceof Error
        ? err.message
        : String(err);
  return new StorageError('Unreachable', key, `etcd at ${servers.join(',')} unreachable: ${why}`);
}

const formatSeconds = (ms: number) => `${Number((ms / 1000).toFixed(3))}s`;

function errorCode(err: unknown): string {
  const e = err as { code?: unknown; cause?: { code?: unknown } } | undefined;
  return String(e?.code ?? e?.cause?.code ?? '');
}

function origin(server: string): string {
  const url = new URL(server);
  if (url.protocol !== 'http:') throw new Error(`etcd: only http:// client URLs are supported, got ${server}`);
  return url.origin;
}
