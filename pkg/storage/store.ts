/**
 * The object-level Storage over any KV (mirrors k8s.io/apiserver/pkg/storage/etcd3 store.go):
 * JSON codec, modRevision ↔ metadata.resourceVersion, optimistic concurrency with retries,
 * paged lists with upstream's continue tokens, and watches (watcher.ts).
 */
import type { KubeObject } from '../apis/meta/v1/types.js';
import { decodeObject, decodeStored, encodeObject, parseResourceVersion, readStored, sameBytes } from './codec.js';
import { decodeContinue, encodeContinue } from './continue.js';
import { StorageError, isStorageError } from './errors/errors.js';
import type {
  DeleteOptions,
  GetOptions,
  ListOptions,
  ListResult,
  Preconditions,
  Storage,
  UpdateFunc,
  UpdateOptions,
} from './interfaces.js';
import type { KV, KeyValue, ListResult as KVListResult } from './kv/types.js';
import { identityTransformer } from './value/encrypt/identity/identity.js';
import type { Transformer } from './value/transformer.js';
import { watchStorage } from './watcher.js';

export interface StoreOptions {
  /**
   * How long a request for a resourceVersion newer than the store waits for the store to catch
   * up before failing with ResourceVersionTooLarge (default 3000 ms, the watch cache's wait).
   * With a shared etcd another apiserver may have handed out that revision a moment ago.
   */
  tooLargeResourceVersionWaitMs?: number;
  /**
   * What values pass through between the codec and the KV, per key: encryption at rest
   * (--encryption-provider-config). Default: identity, which refuses to hand encrypted values on.
   */
  transformer?: Transformer;
}

/** Upstream's page-size ceiling when a predicate forces reading further (etcd3 maxLimit). */
const maxPageLimit = 10_000;
const expiredList = 'The resourceVersion for the provided list is too old.';
const inconsistentContinue =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the ' +
  'continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing ' +
  'with the provided token results in an inconsistent list - objects that were created, modified, or deleted between ' +
  'the time the first chunk was returned and now may show up in the list.';

/**
 * @example
 *   const storage = newStore(newMemoryKV());
 *   const created = await storage.create('/registry/configmaps/default/a', cm); // metadata.resourceVersion set
 */
export function newStore(kv: KV, opts: StoreOptions = {}): Storage {
  const waitMs = opts.tooLargeResourceVersionWaitMs ?? 3000;
  const transformer = opts.transformer ?? identityTransformer;
  const decode = (kv: KeyValue, revision = kv.modRevision) => decodeStored(transformer, kv.key, kv.value, revision);

  /** Resolves once the store reached `revision`; ResourceVersionTooLarge after the wait. */
  async function waitForRevision(key: string, revision: number): Promise<void> {
    const deadline = Date.now() + waitMs;
    for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
      const current = await kv.currentRevision();
      if (current >= revision) return;
      if (Date.now() >= deadline) {
        throw new StorageError(
          'ResourceVersionTooLarge',
          key,
          `Too large resource version: ${revision}, current: ${current}`,
          revision,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, Math.min(delay, Math.max(1, deadline - Date.now()))));
    }
  }

  async function readCurrent(key: string): Promise<KeyValue | undefined> {
    return (await kv.get(key)).kv;
  }

  const storage: Storage = {
    async create(key: string, obj: KubeObject): Promise<KubeObject> {
      const rv = obj.metadata?.resourceVersion;
      if (rv !== undefined && rv !== '' && rv !== '0') {
        throw new StorageError('InvalidObj', key, 'resourceVersion should not be set on objects to be created');
      }
      const data = encodeObject(obj);
      const { revision } = await kv.create(key, transformer.toStorage(data, key));
      return decodeObject(key, data, revision);
    },

    async get(key: string, opts: GetOptions = {}): Promise<KubeObject | undefined> {
      const minimum = parseResourceVersion(opts.resourceVersion, key, 'invalid resource version: ');
      let res = await kv.get(key);
      if (minimum > res.revision) {
        await waitForRevision(key, minimum);
        res = await kv.get(key);
      }
      if (!res.kv) {
        if (opts.ignoreNotFound) return undefined;
        throw new StorageError('KeyNotFound', key);
      }
      return decode(res.kv);
    },

    getList: (prefix, opts = {}) => getList(kv, decode, waitForRevision, prefix, opts),

    async guaranteedUpdate(key: string, tryUpdate: UpdateFunc, opts: UpdateOptions = {}): Promise<KubeObject> {
      let current = await readCurrent(key);
      for (;;) {
        if (!current && !opts.ignoreNotFound) throw new StorageError('KeyNotFound', key);
        const stored = current ? readStored(transformer, key, current.value) : undefined;
        const currentObj = current && stored ? decodeObject(key, stored.data, current.modRevision) : undefined;
        checkPreconditions(key, opts.preconditions, currentObj);
        const updated = await tryUpdate(currentObj);
        const data = encodeObject(updated);
        if (!current || !stored) {
          try {
            const { revision } = await kv.create(key, transformer.toStorage(data, key));
            return decodeObject(key, data, revision);
          } catch (err) {
            if (!isStorageError(err, 'KeyExists')) throw err;
            current = await readCurrent(key); // someone created it first: update theirs instead
            continue;
          }
        }
        // Nothing changed: write nothing, so no revision and no watch event (as upstream), unless
        // the stored value is stale (encrypted with a rotated-out key): rewriting re-encrypts it.
        if (!stored.stale && sameBytes(data, stored.data)) return decodeObject(key, stored.data, current.modRevision);
        const res = await kv.update(key, transformer.toStorage(data, key), current.modRevision);
        if (res.ok) return decodeObject(key, data, res.revision);
        current = res.kv;
      }
    },

    async delete(key: string, opts: DeleteOptions = {}): Promise<KubeObject> {
      let current = await readCurrent(key);
      for (;;) {
        if (!current) throw new StorageError('KeyNotFound', key);
        const currentObj = decode(current);
        checkPreconditions(key, opts.preconditions, currentObj);
        if (opts.validateDeletion) await opts.validateDeletion(currentObj);
        const res = await kv.delete(key, current.modRevision);
        // The returned object carries the deletion's revision, as upstream's does.
        if (res.ok) return decode(current, res.revision);
        current = res.kv;
      }
    },

    watch: (key, opts) => watchStorage(kv, transformer, key, opts, waitForRevision),

    currentResourceVersion: () => kv.currentRevision(),
  };
  return storage;
}

/**
 * Mirrors upstream's Preconditions.Check, message included: the registry shows it inside
 * "Operation cannot be fulfilled on …: <message>".
 */
function checkPreconditions(key: string, preconditions: Preconditions | undefined, obj: KubeObject | undefined): void {
  if (!preconditions) return;
  const meta = obj?.metadata ?? {};
  let why = '';
  if (preconditions.uid !== undefined && preconditions.uid !== (meta.uid ?? '')) {
    why = `Precondition failed: UID in precondition: ${preconditions.uid}, UID in object meta: ${meta.uid ?? ''}`;
  } else if (
    preconditions.resourceVersion !== undefined &&
    preconditions.resourceVersion !== (meta.resourceVersion ?? '')
  ) {
    why = `Precondition failed: ResourceVersion in precondition: ${preconditions.resourceVersion}, ResourceVersion in object meta: ${meta.resourceVersion ?? ''}`;
  }
  if (why) {
    throw new StorageError(
      'ResourceVersionConflicts',
      key,
      `StorageError: invalid object, Code: 4, Key: ${key}, ResourceVersion: 0, AdditionalErrorMsg: ${why}`,
      Number(meta.resourceVersion ?? 0),
    );
  }
}

/** Mirrors upstream GetList: resourceVersion semantics, predicate before limit, continue tokens. */
async function getList(
  kv: KV,
  decode: (kv: KeyValue) => KubeObject,
  waitForRevision: (key: string, revision: number) => Promise<void>,
  prefix: string,
  opts: ListOptions,
): Promise<ListResult> {
  const keyPrefix = prefix.endsWith('/') ? prefix : `${prefix}/`;
  const limit = opts.limit !== undefined && opts.limit > 0 ? opts.limit : 0;
  const paging = limit > 0;
  const predicate = opts.predicate;
  const rvParam = opts.resourceVersion ?? '';
  const fromRV = parseResourceVersion(rvParam, keyPrefix, 'invalid resource version: ');

  let withRev = 0;
  let startKey = keyPrefix;
  let continueKey: string | undefined;
  if (opts.continue) {
    const position = decodeContinue(opts.continue, keyPrefix);
    if (rvParam !== '' && rvParam !== '0') {
      throw new StorageError(
        'InvalidArgument',
        keyPrefix,
        'specifying resource version is not allowed when using continue',
      );
    }
    continueKey = startKey = position.fromKey;
    if (position.resourceVersion > 0) withRev = position.resourceVersion; // -1: continue at the latest
  } else if (rvParam !== '') {
    switch (opts.resourceVersionMatch ?? '') {
      case 'NotOlderThan':
        break;
      case 'Exact':
        withRev = fromRV;
        break;
      case '':
        // Legacy: a limited list at a resourceVersion is served at exactly that revision.
        if (paging && fromRV > 0) withRev = fromRV;
        break;
      default:
        throw new StorageError(
          'InvalidArgument',
          keyPrefix,
          `unknown ResourceVersionMatch value: ${opts.resourceVersionMatch}`,
        );
    }
    if (fromRV > 0 && fromRV > (await kv.currentRevision())) await waitForRevision(keyPrefix, fromRV);
  }

  const items: KubeObject[] = [];
  let pageLimit = limit;
  let lastKey = '';
  let hasMore = false;
  let remaining = 0;
  let servedAt = 0;
  for (;;) {
    let page: KVListResult;
    try {
      page = await kv.list(keyPrefix, { revision: withRev || undefined, limit: pageLimit || undefined, startKey });
    } catch (err) {
      throw interpretListError(err, keyPrefix, continueKey);
    }
    servedAt = page.revision;
    hasMore = page.more;
    remaining = page.remaining;
    for (const kv of page.kvs) {
      if (paging && items.length >= limit) {
        hasMore = true;
        break;
      }
      lastKey = kv.key;
      const obj = decode(kv);
      if (!predicate || predicate(obj)) items.push(obj);
    }
    if (!hasMore || !paging || items.length >= limit) break;
    // The predicate dropped items: read on, doubling the page size to need fewer round trips.
    pageLimit = Math.min(pageLimit * 2, Math.max(maxPageLimit, limit));
    startKey = `${lastKey}\x00`;
    if (!withRev) withRev = page.revision;
  }
  if (!withRev) withRev = servedAt;

  const result: ListResult = { items, resourceVersion: String(withRev) };
  if (hasMore) {
    result.continue = encodeContinue(`${lastKey}\x00`, keyPrefix, withRev);
    // Counts from the KV include objects a predicate would drop, so upstream only reports it without one.
    if (!predicate) result.remainingItemCount = remaining;
  }
  return result;
}

function interpretListError(err: unknown, keyPrefix: string, continueKey: string | undefined): unknown {
  if (!isStorageError(err, 'Compacted')) return err;
  if (continueKey === undefined) return new StorageError('Compacted', keyPrefix, expiredList, err.revision);
  // rv -1 continues at the latest revision: the client may accept an inconsistent rest of the list.
  return new StorageError(
    'Compacted',
    keyPrefix,
    inconsistentContinue,
    err.revision,
    encodeContinue(continueKey, keyPrefix, -1),
  );
}
