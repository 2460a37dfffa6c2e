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
  /** Read the state as of this revision (0 or absent: the current state). Older than the compacted revision → Compacted. */
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

export interface KV {
  /** The value of `key` now (or at `revision`); `kv` is absent when not found. */
  get(key: string, opts?: { revision?: number }): Promise<{ revision: number; kv?: KeyValue }>;

  /** Keys starting with `prefix`, in order. */
  list(prefix: string, opts?: ListOptions): Promise<ListResult>;

  /** Creates `key`; throws StorageError('KeyExists') if it exists. */
  create(key: string, value: Uint8Array): Promise<{ revision: number }>;

  /** Writes `key` only if its modRevision is `ifModRevision`; otherwise ok=false with the current value (absent if the key is gone). */
  update(key: string, value: Uint8Array, ifModRevision: number): Promise<CASResult>;

  /** Deletes `key` (only if its modRevision is `ifModRevision`, when given). Missing key → ok=false, no kv. */
  delete(key: string, ifModRevision?: number): Promise<CASResult>;

  /**
   * Events for keys under `prefix` with modRevision > `afterRevision`, in revision order, each
   * exactly once, batched by revision as they happen. Ends (returns) when `signal` aborts; throws
   * StorageError('Compacted') when `afterRevision` is older than the kept history.
   */
  watch(prefix: string, afterRevision: number, signal: AbortSignal): AsyncIterable<KVEvent[]>;

  /** The latest revision. */
  currentRevision(): Promise<number>;

  /** The oldest revision still readable (everything at or before it may be gone). */
  compactedRevision(): Promise<number>;

  /** Forgets history at and before `revision`; reads and watches from before it then fail with Compacted. */
  compact(revision: number): Promise<void>;

  /** Flushes and releases the backend (files, locks, connections). */
  close(): Promise<void>;
}
