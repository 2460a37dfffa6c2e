/**
 * The KV on an etcd v3 cluster (3.4+), shared by several apiservers: every revision comes from
 * etcd. Compare-and-swap is a txn comparing mod_revision, exactly as upstream's etcd3 store does;
 * watches are /v3/watch streams with prev_kv (one HTTP connection per watch: the gateway cannot
 * multiplex them). An optional key prefix namespaces the keys, like etcd's namespace client.
 */
import { StorageError } from '../errors/errors.js';
import { abortableIterable } from './abortable.js';
import { EtcdClient, etcdError, type EtcdKeyValue, type EtcdRangeResponse } from './etcd-client.js';
import type { CASResult, KV, KVEvent, KVWatchOptions, KeyValue, ListOptions, ListResult } from './types.js';

export interface EtcdKVOptions {
  /** Client URLs, e.g. http://127.0.0.1:2379. */
  servers: string[];
  /** Prepended to every key (default none). */
  prefix?: string | undefined;
  /** Per-request timeout in ms (default 15000). */
  requestTimeoutMs?: number | undefined;
}

interface TxnResponse {
  header: { revision?: string };
  succeeded?: boolean;
  responses?: {
    response_range?: EtcdRangeResponse;
    response_put?: { prev_kv?: EtcdKeyValue };
    response_delete_range?: { deleted?: string; prev_kvs?: EtcdKeyValue[] };
  }[];
}

/** /v3/maintenance/alarm with action GET: no `alarms` when none is raised. */
interface AlarmResponse {
  alarms?: { memberID?: string; alarm?: 'NONE' | 'NOSPACE' | 'CORRUPT' }[];
}

interface WatchMessage {
  result?: {
    header?: { revision?: string };
    created?: boolean;
    canceled?: boolean;
    compact_revision?: string;
    cancel_reason?: string;
    events?: { type?: 'PUT' | 'DELETE'; kv: EtcdKeyValue; prev_kv?: EtcdKeyValue }[];
  };
  error?: { message?: string; grpc_code?: number } | string;
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');
/** A range start: etcd reads an empty key as "no key", so the very first key is "\0". */
const rangeKey = (s: string) => b64(s === '' ? '\0' : s);
const num = (s: string | undefined) => (s === undefined ? 0 : Number(s));

/** etcd's GetPrefixRangeEnd: the smallest key after every key starting with `prefix` ("\0" = all keys). */
function prefixEnd(prefix: string): string {
  const bytes = Buffer.from(prefix, 'utf8');
  for (let i = bytes.length - 1; i >= 0; i--) {
    if (bytes[i]! < 0xff) {
      const end = Buffer.from(bytes.subarray(0, i + 1));
      end[i] = bytes[i]! + 1;
      return end.toString('base64');
    }
  }
  return b64('\0');
}

/** Connects to etcd and checks that it answers; throws StorageError('Unreachable') otherwise. */
export async function newEtcdKV(opts: EtcdKVOptions): Promise<KV> {
  const ns = opts.prefix ?? '';
  const client = new EtcdClient({ servers: opts.servers, requestTimeoutMs: opts.requestTimeoutMs ?? 15_000 });

  const toKV = (kv: EtcdKeyValue): KeyValue => ({
    key: Buffer.from(kv.key, 'base64').toString('utf8').slice(ns.length),
    value: kv.value ? Buffer.from(kv.value, 'base64') : new Uint8Array(0),
    createRevision: num(kv.create_revision),
    modRevision: num(kv.mod_revision),
  });
  const range = (key: string, body: Record<string, unknown>) =>
    client.call<EtcdRangeResponse>('/v3/kv/range', body, key);
  const revisionOf = (r: { header: { revision?: string } }) => num(r.header.revision);

  async function currentRevision(): Promise<number> {
    return revisionOf(await range('', { key: b64(`${ns}\0`), keys_only: true, limit: 1 }));
  }

  async function txn(key: string, ifModRevision: number, success: Record<string, unknown>): Promise<TxnResponse> {
    const k = b64(ns + key);
    return client.call<TxnResponse>(
      '/v3/kv/txn',
      {
        compare: [{ target: 'MOD', key: k, mod_revision: String(ifModRevision), result: 'EQUAL' }],
        success: [success],
        failure: [{ request_range: { key: k } }],
      },
      key,
    );
  }

  /** The miss of a failed txn: the current value from its range response, if the key exists. */
  function miss(res: TxnResponse): CASResult {
    const kv = res.responses?.[0]?.response_range?.kvs?.[0];
    return kv ? { revision: revisionOf(res), ok: false, kv: toKV(kv) } : { revision: revisionOf(res), ok: false };
  }

  const kv: KV = {
    async get(key: string, o?: { revision?: number }): Promise<{ revision: number; kv?: KeyValue }> {
      const res = await range(key, { key: b64(ns + key), ...(o?.revision ? { revision: String(o.revision) } : {}) });
      const revision = o?.revision || revisionOf(res);
      const found = res.kvs?.[0];
      return found ? { revision, kv: toKV(found) } : { revision };
    },

    async list(prefix: string, o?: ListOptions): Promise<ListResult> {
      const start = o?.startKey !== undefined && o.startKey > prefix ? o.startKey : prefix;
      const res = await range(prefix, {
        key: rangeKey(ns + start),
        range_end: prefixEnd(ns + prefix),
        ...(o?.limit ? { limit: String(o.limit) } : {}),
        ...(o?.revision ? { revision: String(o.revision) } : {}),
      });
      const kvs = (res.kvs ?? []).map(toKV);
      // count covers [start, end) at that revision, so what remains is count minus this page.
      const remaining = Math.max(0, num(res.count) - kvs.length);
      return { revision: o?.revision || revisionOf(res), kvs, more: res.more === true, remaining };
    },

    async create(key: string, value: Uint8Array): Promise<{ revision: number }> {
      // mod_revision 0 means "does not exist", upstream's notFound(key) comparison.
      const res = await txn(key, 0, {
        request_put: { key: b64(ns + key), value: Buffer.from(value).toString('base64') },
      });
      if (!res.succeeded) throw new StorageError('KeyExists', key, undefined, miss(res).kv?.modRevision ?? 0);
      return { revision: revisionOf(res) };
    },

    async update(key: string, value: Uint8Array, ifModRevision: number): Promise<CASResult> {
      // 0 would match a missing key and create it; an update never creates.
      if (ifModRevision <= 0) {
        const current = await kv.get(key);
        return current.kv
          ? { revision: current.revision, ok: false, kv: current.kv }
          : { revision: current.revision, ok: false };
      }
      const res = await txn(key, ifModRevision, {
        request_put: { key: b64(ns + key), value: Buffer.from(value).toString('base64'), prev_kv: true },
      });
      if (!res.succeeded) return miss(res);
      const revision = revisionOf(res);
      const prev = res.responses?.[0]?.response_put?.prev_kv;
      return {
        revision,
        ok: true,
        kv: { key, value, createRevision: num(prev?.create_revision) || revision, modRevision: revision },
      };
    },

    async delete(key: string, ifModRevision?: number): Promise<CASResult> {
      const request = { key: b64(ns + key), prev_kv: true };
      if (ifModRevision === undefined) {
        const res = await client.call<{ header: { revision?: string }; deleted?: string; prev_kvs?: EtcdKeyValue[] }>(
          '/v3/kv/deleterange',
          request,
          key,
        );
        const prev = res.prev_kvs?.[0];
        return prev
          ? { revision: revisionOf(res), ok: true, kv: toKV(prev) }
          : { revision: revisionOf(res), ok: false };
      }
      const res = await txn(key, ifModRevision, { request_delete_range: request });
      if (!res.succeeded) return miss(res);
      const prev = res.responses?.[0]?.response_delete_range?.prev_kvs?.[0];
      // A compare on mod_revision 0 "succeeds" for a missing key but deletes nothing.
      return prev ? { revision: revisionOf(res), ok: true, kv: toKV(prev) } : { revision: revisionOf(res), ok: false };
    },

    watch(prefix: string, afterRevision: number, signal: AbortSignal, o?: KVWatchOptions): AsyncIterable<KVEvent[]> {
      return abortableIterable(signal, (s) => watchStream(prefix, afterRevision, s, o));
    },

    currentRevision,

    async compactedRevision(): Promise<number> {
      // etcd does not report it: find the oldest revision a read still succeeds at.
      const readable = async (rev: number) => {
        try {
          await range('', { key: b64(`${ns}\0`), keys_only: true, limit: 1, revision: String(rev) });
          return true;
        } catch (err) {
          if (err instanceof StorageError && err.code === 'Compacted') return false;
          throw err;
        }
      };
      let hi = await currentRevision();
      if (await readable(1)) return 0;
      let lo = 1; // not readable; hi is readable
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (await readable(mid)) hi = mid;
        else lo = mid;
      }
      return hi;
    },

    async compact(revision: number): Promise<void> {
      await client.call('/v3/kv/compaction', { revision: String(revision) }, '');
    },

    checkHealth: () => client.probe(),

    async checkReadiness(): Promise<void> {
      await client.probe();
      // etcd raises alarms cluster-wide: NOSPACE (writes refused, reads served) or CORRUPT.
      const res = await client.call<AlarmResponse>('/v3/maintenance/alarm', { action: 'GET' }, '');
      const raised = (res.alarms ?? []).filter((a) => a.alarm !== undefined && a.alarm !== 'NONE');
      if (raised.length === 0) return;
      const names = raised.map((a) => `${a.alarm} (member ${a.memberID ?? 'unknown'})`).join(', ');
      const code = raised.every((a) => a.alarm === 'NOSPACE') ? 'NoSpace' : 'Unreachable';
      throw new StorageError(code, '', `etcd at ${opts.servers.join(',')} raised alarm ${names}`);
    },

    close: () => client.close(),
  };

  async function* watchStream(
    prefix: string,
    afterRevision: number,
    signal: AbortSignal,
    o: KVWatchOptions | undefined,
  ): AsyncGenerator<KVEvent[], void, undefined> {
    if (signal.aborted) return;
    const onProgress = o?.onProgress;
    const body = {
      create_request: {
        key: rangeKey(ns + prefix),
        range_end: prefixEnd(ns + prefix),
        start_revision: String(afterRevision + 1),
        prev_kv: true,
        progress_notify: onProgress !== undefined,
      },
    };
    let stream: AsyncIterable<Buffer>;
    try {
      stream = await client.openStream('/v3/watch', body, prefix, signal);
    } catch (err) {
      if (signal.aborted) return;
      throw err;
    }
    const decoder = new TextDecoder();
    let buffered = '';
    try {
      for await (const chunk of stream) {
        buffered += decoder.decode(chunk, { stream: true });
        for (let nl = buffered.indexOf('\n'); nl >= 0; nl = buffered.indexOf('\n')) {
          const line = buffered.slice(0, nl).trim();
          buffered = buffered.slice(nl + 1);
          if (line === '') continue;
          const batch = interpret(JSON.parse(line) as WatchMessage, prefix, onProgress);
          if (batch) yield batch;
        }
      }
    } catch (err) {
      if (signal.aborted) return;
      if (err instanceof StorageError) throw err;
      throw new StorageError(
        'Unreachable',
        prefix,
        `etcd watch on ${prefix} failed: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    if (!signal.aborted) throw new StorageError('Unreachable', prefix, `etcd closed the watch on ${prefix}`);
  }

  /** One WatchResponse: events to yield, a progress notification, or the end of the watch. */
  function interpret(
    msg: WatchMessage,
    prefix: string,
    onProgress: ((r: number) => void) | undefined,
  ): KVEvent[] | undefined {
    if (msg.error !== undefined)
      throw etcdError(typeof msg.error === 'string' ? msg.error : (msg.error.message ?? 'watch error'), prefix);
    const r = msg.result;
    if (!r || r.created) return undefined;
    if (r.canceled) {
      if (r.compact_revision) throw new StorageError('Compacted', prefix, undefined, num(r.compact_revision));
      throw new StorageError(
        'Unreachable',
        prefix,
        `etcd canceled the watch on ${prefix}: ${r.cancel_reason ?? 'no reason given'}`,
      );
    }
    if (!r.events || r.events.length === 0) {
      // A progress notification: every event up to this revision was already sent.
      onProgress?.(num(r.header?.revision));
      return undefined;
    }
    return r.events.map((e): KVEvent => {
      const kvOut = toKV(e.kv);
      const prevKv = e.prev_kv ? toKV(e.prev_kv) : undefined;
      if (e.type === 'DELETE')
        return {
          type: 'DELETE',
          kv: { ...kvOut, createRevision: 0, value: new Uint8Array(0) },
          ...(prevKv ? { prevKv } : {}),
        };
      return prevKv ? { type: 'PUT', kv: kvOut, prevKv } : { type: 'PUT', kv: kvOut };
    });
  }

  try {
    await currentRevision(); // fail fast when etcd is not there
  } catch (err) {
    await client.close(); // and stop probing it
    throw err;
  }
  return kv;
}
