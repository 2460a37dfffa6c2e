/**
 * The byte-level storage seam every backend implements (shaped like kine's Backend, i.e. like
 * etcd's KV and Watch APIs): keys map to opaque bytes, and one global revision counts every
 * write. A key's `modRevision` is the revision that last wrote it; that number becomes the
 * object's `metadata.resourceVersion` one layer up (pkg/storage/store.ts).
 *
 * Nothing above pkg/storage imports a backend; only cmd/<component>/app picks one from flags.
 */

export interface KeyValue {
  key: string;
  value: Uint8Array;
  /** Revision at which this key was created (reset when it is deleted and created again). */
  createRevision: number;
  /** Revision of the last write to this key. */
  modRevision: number;
}

export interface KVEvent {
  type: 'PUT' | 'DELETE';
  /** For PUT the new value; for DELETE the key with modRevision set to the deleting revision and an empty value. */
  kv: KeyValue;
  /** The value before this event; absent for a PUT that created the key. */
  prevKv?: KeyValue;
}

export interface ListOptions {
  /**
   * Read the state as of this revision (0 or absent: the current state). Older than the compacted
   * revision → Compacted; newer than the current revision → ResourceVersionTooLarge.
   */
  revision?: number;
  /** At most this many keys (0 or absent: no limit). */
  limit?: number;
  /** Start at this key (inclusive) instead of at the prefix: how pagination resumes. */
  startKey?: string;
}

export interface ListResult {
  /** The revision the read was served at. */
  revision: number;
  /** Keys in byte order. */
  kvs: KeyValue[];
  /** True when keys under the prefix remain after the last one returned. */
  more: boolean;
  /** How many keys under the prefix remain after the last one returned. */
  remaining: number;
}

/** A compare-and-swap result: expected misses are values, not exceptions. */
export interface CASResult {
  /** The store's revision after the call (the write's revision when ok). */
  revision: number;
  ok: boolean;
  /** On success: the written (update) or removed (delete) value. On a miss: the current value, absent when the key does not exist. */
  kv?: KeyValue;
}

export interface KVWatchOptions {
  /**
   * Progress notifications (etcd's progress_notify): called with a revision R such that every
   * event under the prefix with modRevision <= R has already been yielded. This lets the layer
   * above send bookmarks that keep advancing while this prefix is quiet, so a client can resume
   * after a disconnect without hitting compaction. Never called while a yielded batch could still
   * be missing an event <= R.
   */
  onProgress?: (revision: number) => void;
  /** How often an idle watch reports progress, in ms. A hint: etcd's interval is a server flag. */
  progressIntervalMs?: number;
}

export interface KV {
  /** The value of `key` now (or at `revision`); `kv` is absent when not found. */
  get(key: string, opts?: { revision?: number }): Promise<{ revision: number; kv?: KeyValue }>;

  /** Keys starting with `prefix`, in order. */
  list(prefix: string, opts?: ListOptions): Promise<ListResult>;

  /** Creates `key`; throws StorageError('KeyExists') if it exists. */
  create(key: string, value: Uint8Array): Promise<{ revision: number }>;

  /**
   * Writes `key` only if its modRevision is `ifModRevision`; otherwise ok=false with the current
   * value (absent if the key is gone). Never creates a key: a missing key is always a miss.
   */
  update(key: string, value: Uint8Array, ifModRevision: number): Promise<CASResult>;

  /** Deletes `key` (only if its modRevision is `ifModRevision`, when given). Missing key → ok=false, no kv. */
  delete(key: string, ifModRevision?: number): Promise<CASResult>;

  /**
   * Events for keys under `prefix` with modRevision > `afterRevision`, in revision order, each
   * exactly once, batched as they happen (a batch never splits a revision). Ends (returns) when
   * `signal` aborts or the iterator is returned, releasing everything it held; throws
   * StorageError('Compacted') when `afterRevision` is older than the kept history.
   *
   * A consumer that falls behind never blocks writers nor grows memory without bound: a backend
   * either goes on serving it from its revision history (memory, durable: like etcd's unsynced
   * watchers) or ends it; when the history it still needs is compacted away meanwhile, it throws
   * Compacted, which the layer above turns into a watch restart (410 Expired → relist).
   */
  watch(prefix: string, afterRevision: number, signal: AbortSignal, opts?: KVWatchOptions): AsyncIterable<KVEvent[]>;

  /** The latest revision. */
  currentRevision(): Promise<number>;

  /** The oldest revision still readable (everything at or before it may be gone). */
  compactedRevision(): Promise<number>;

  /** Forgets history at and before `revision`; reads and watches from before it then fail with Compacted. */
  compact(revision: number): Promise<void>;

  /**
   * Resolves while the backend serves reads; otherwise rejects with a StorageError naming the
   * store and why (etcd unreachable, the store closed): what the `etcd` health check reports.
   */
  checkHealth(): Promise<void>;

  /**
   * Resolves while the backend serves writes too; otherwise rejects naming why not (out of space:
   * NoSpace, like etcd's NOSPACE alarm; a log write that failed): what `etcd-readiness` reports.
   */
  checkReadiness(): Promise<void>;

  /** Flushes and releases the backend (files, locks, connections). */
  close(): Promise<void>;
}
