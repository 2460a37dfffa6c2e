/**
 * The object-level storage interface the generic registry uses (k8s.io/apiserver/pkg/storage
 * Interface), built on a KV by pkg/storage/store.ts. Objects go in and come out as plain JSON
 * objects; the store sets `metadata.resourceVersion` from the KV's modRevision on every read and
 * keeps it out of the stored bytes.
 *
 * resourceVersion semantics (as upstream):
 *  - get/getList with no resourceVersion: the latest state ("most recent", a quorum read).
 *  - resourceVersion "0": whatever state is at hand is acceptable (we serve the latest: no cache to be stale).
 *  - resourceVersion N with match "Exact": the state at revision N (Compacted if forgotten).
 *  - resourceVersion N with match "NotOlderThan" (default for N>0): state at least as new as N;
 *    N newer than the store → ResourceVersionTooLarge (after waiting up to 3 s for it, like the
 *    watch cache: with a shared etcd another apiserver may have just handed N out).
 *  - getList with match "" (unset), N>0 and a limit: exactly N, upstream's legacy paging rule.
 *  - A malformed resourceVersion or continue token → InvalidArgument (400 BadRequest upstream).
 */
import type { KubeObject } from '../apis/meta/v1/types.js';

export interface Preconditions {
  uid?: string;
  resourceVersion?: string;
}

export type ResourceVersionMatch = '' | 'Exact' | 'NotOlderThan';

export interface GetOptions {
  /** Return undefined instead of throwing KeyNotFound. */
  ignoreNotFound?: boolean;
  resourceVersion?: string;
}

export interface ListOptions {
  resourceVersion?: string;
  resourceVersionMatch?: ResourceVersionMatch;
  /** At most this many matching items per page (0/absent: all). */
  limit?: number;
  /** A continue token from a previous page: the rest of the same list at the same revision. */
  continue?: string;
  /** Only objects for which this returns true are returned (filtering happens before `limit`). */
  predicate?: (obj: KubeObject) => boolean;
}

export interface ListResult {
  items: KubeObject[];
  /** The revision the list was read at, as a string. */
  resourceVersion: string;
  /** Set when more items may remain: pass it back as `continue`. */
  continue?: string;
  /** How many keys remain after this page, when known (only without a predicate, as upstream). */
  remainingItemCount?: number;
}

/**
 * Computes the new object from the current one. Called again with fresher state when another
 * writer got there first, so it must be free of side effects. `current` is undefined when the
 * key does not exist (only possible with `ignoreNotFound`). Throwing aborts the update.
 */
export type UpdateFunc = (current: KubeObject | undefined) => KubeObject | Promise<KubeObject>;

export interface UpdateOptions {
  /** Call tryUpdate with undefined when the key is missing, instead of throwing KeyNotFound (create-on-update). */
  ignoreNotFound?: boolean;
  preconditions?: Preconditions;
}

export interface DeleteOptions {
  preconditions?: Preconditions;
  /** Checked against the current object before deleting; throwing aborts the delete. Re-run on conflict. */
  validateDeletion?: (current: KubeObject) => void | Promise<void>;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

export type StorageWatchEvent =
  | { type: WatchEventType; object: KubeObject; resourceVersion: number }
  /** Progress: everything up to `resourceVersion` has been sent. `initialEventsEnd` marks the end of the initial ADDED events. */
  | { type: 'BOOKMARK'; resourceVersion: number; initialEventsEnd?: boolean };

export interface WatchOptions {
  /**
   * "" or "0" with `sendInitialEvents` unset: ADDED events for the current state, then changes.
   * N: changes after revision N (Compacted if N is older than the kept history).
   */
  resourceVersion?: string;
  /** Send ADDED for the current (or at-RV) state first, then a BOOKMARK with initialEventsEnd. */
  sendInitialEvents?: boolean;
  /** Only objects for which this returns true. An object that stops matching is sent as DELETED, one that starts matching as ADDED. */
  predicate?: (obj: KubeObject) => boolean;
  /** Emit a BOOKMARK at least this often while idle (0/absent: never). */
  bookmarkIntervalMs?: number;
  /** Ends the watch: the iterator returns and every resource it held is released. */
  signal: AbortSignal;
}

export interface Storage {
  /** Stores a new object at `key`; returns it with resourceVersion (and nothing else) set. Throws KeyExists. */
  create(key: string, obj: KubeObject): Promise<KubeObject>;

  /** The object at `key`. Throws KeyNotFound unless `ignoreNotFound`. */
  get(key: string, opts?: GetOptions): Promise<KubeObject | undefined>;

  /**
   * Objects under `prefix` (a key ending in '/'), in key order, one consistent revision across pages.
   * A continue token whose revision was compacted throws Compacted carrying `continueToken` (a
   * token to go on at the latest revision), as upstream's 410 does.
   */
  getList(prefix: string, opts?: ListOptions): Promise<ListResult>;

  /**
   * Reads the object, applies `tryUpdate`, and writes the result only if nothing changed in
   * between; on a conflict re-reads and tries again. Preconditions are checked against each read
   * (a mismatch throws ResourceVersionConflicts without retrying). Returns the stored object; an
   * update that changes nothing writes nothing and returns the current object unchanged.
   */
  guaranteedUpdate(key: string, tryUpdate: UpdateFunc, opts?: UpdateOptions): Promise<KubeObject>;

  /** Deletes and returns the last state of the object. Throws KeyNotFound, or ResourceVersionConflicts on a failed precondition. */
  delete(key: string, opts?: DeleteOptions): Promise<KubeObject>;

  /**
   * Changes under `prefix` (or to the one key, when it does not end in '/'). See WatchOptions.
   * Errors come out of the iterator: Compacted when resourceVersion is older than the kept
   * history (or the watch fell so far behind that its history was compacted: the client must
   * re-watch, 410 Expired), ResourceVersionTooLarge, InvalidArgument. Aborting `signal` (or
   * returning the iterator) ends it at once, even while no event is pending.
   */
  watch(prefix: string, opts: WatchOptions): AsyncIterable<StorageWatchEvent>;

  /** The current revision, for list metadata and bookmarks. */
  currentResourceVersion(): Promise<number>;
}
