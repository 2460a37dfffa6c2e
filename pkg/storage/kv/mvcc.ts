/**
 * The multi-version engine under the memory and durable backends (etcd's mvcc package, in
 * miniature): every key keeps its versions since the last compaction, every write appends one
 * event to a revision-ordered log, and one global revision counts the writes.
 *
 * It is synchronous on purpose: a write decides (compare-and-swap), assigns its revision and
 * records its event in one step, so writes are serialized without locks. Visibility is separate:
 * `visible` is the newest revision reads default to and watchers are told about. The memory
 * backend moves it with every write; the durable one only after the write is on disk, so nobody
 * observes a write that a crash could still take back.
 */
import { StorageError } from '../errors/errors.js';
import { SortedKeys } from './sorted-keys.js';
import type { KVEvent, KeyValue, ListOptions, ListResult } from './types.js';

const EMPTY = new Uint8Array(0);

/** A deletion in a key's history: createRevision 0 and no value (exactly the DELETE event's kv). */
export function isTombstone(kv: KeyValue): boolean {
  return kv.createRevision === 0;
}

/** A compare-and-swap outcome: the write's event, or the current value on a miss. */
export type CASOutcome = { ok: true; event: KVEvent } | { ok: false; current: KeyValue | undefined };

export class MVCC {
  /** The last revision given to a write. An empty store is at 1 and its first write is 2, as in etcd. */
  head = 1;
  /** The newest revision readers may see and watchers have been told about (<= head). */
  visible = 1;
  /** History at and before this revision is gone (0: nothing compacted yet). */
  compacted = 0;
  /** Each key's versions in revision order: the newest one at or before `compacted`, then every later one. */
  private readonly history = new Map<string, KeyValue[]>();
  private index = new SortedKeys();
  /** Every event after `compacted`, in revision order, from `logStart` on (a compacted prefix is dropped lazily). */
  private log: KVEvent[] = [];
  private logStart = 0;

  /**
   * Rebuilds an engine from a snapshot: `versions` holds every kept version grouped by key in key
   * order, each key's versions in revision order. The event log is derived from the histories:
   * every revision after `compacted` is exactly one version of one key.
   */
  static restore(versions: readonly KeyValue[], head: number, compacted: number): MVCC {
    const m = new MVCC();
    const keys: string[] = [];
    const events: KVEvent[] = [];
    let current: KeyValue[] = [];
    for (const kv of versions) {
      if (keys[keys.length - 1] !== kv.key) {
        keys.push(kv.key);
        current = [];
        m.history.set(kv.key, current);
      }
      const prev = current[current.length - 1];
      current.push(kv);
      if (kv.modRevision <= compacted) continue;
      const prevKv = prev && !isTombstone(prev) ? prev : undefined;
      events.push(prevKv ? { type: isTombstone(kv) ? 'DELETE' : 'PUT', kv, prevKv } : { type: 'PUT', kv });
    }
    events.sort((a, b) => a.kv.modRevision - b.kv.modRevision);
    m.index = SortedKeys.fromSorted(keys);
    m.log = events;
    m.head = m.visible = head;
    m.compacted = compacted;
    return m;
  }

  /** How many keys have a history (live or recently deleted). */
  get keyCount(): number {
    return this.index.size;
  }

  /** The revision a read asking for `revision` (0/undefined: the latest) is served at. */
  readRevision(key: string, revision: number | undefined): number {
    if (!revision) return this.visible;
    if (revision < this.compacted) throw new StorageError('Compacted', key, undefined, this.compacted);
    if (revision > this.visible) {
      throw new StorageError(
        'ResourceVersionTooLarge',
        key,
        `required revision ${revision} is a future revision (current: ${this.visible})`,
        revision,
      );
    }
    return revision;
  }

  /** The value of `key` at revision `rev` (already validated by readRevision). */
  get(key: string, rev: number): KeyValue | undefined {
    const versions = this.history.get(key);
    return versions && liveAt(versions, rev);
  }

  /** The newest value of `key`, including writes not yet visible: what compare-and-swap decides on. */
  latest(key: string): KeyValue | undefined {
    const versions = this.history.get(key);
    const kv = versions?.[versions.length - 1];
    return kv && !isTombstone(kv) ? kv : undefined;
  }

  list(prefix: string, opts: ListOptions | undefined): ListResult {
    const rev = this.readRevision(prefix, opts?.revision);
    const limit = opts?.limit && opts.limit > 0 ? opts.limit : Infinity;
    const startKey = opts?.startKey;
    const start = startKey !== undefined && startKey > prefix ? startKey : prefix;
    const kvs: KeyValue[] = [];
    let remaining = 0;
    const history = this.history;
    this.index.forEachFrom(start, (key) => {
      if (!key.startsWith(prefix)) return false;
      const kv = liveAt(history.get(key)!, rev);
      if (kv) {
        if (kvs.length < limit) kvs.push(kv);
        else remaining++;
      }
      return true;
    });
    return { revision: rev, kvs, more: remaining > 0, remaining };
  }

  /** Creates `key`; undefined when it exists. */
  create(key: string, value: Uint8Array): KVEvent | undefined {
    if (this.latest(key)) return undefined;
    return this.put(key, value);
  }

  update(key: string, value: Uint8Array, ifModRevision: number): CASOutcome {
    const current = this.latest(key);
    if (!current || current.modRevision !== ifModRevision) return { ok: false, current };
    return { ok: true, event: this.put(key, value) };
  }

  delete(key: string, ifModRevision: number | undefined): CASOutcome {
    const current = this.latest(key);
    if (!current || (ifModRevision !== undefined && current.modRevision !== ifModRevision))
      return { ok: false, current };
    return { ok: true, event: this.remove(key, current) };
  }

  /** Re-applies a logged write during recovery; false when it does not fit the state (a corrupt log). */
  replay(type: 'PUT' | 'DELETE', revision: number, key: string, value: Uint8Array): boolean {
    if (revision !== this.head + 1) return false;
    if (type === 'PUT') {
      this.put(key, value);
    } else {
      const current = this.latest(key);
      if (!current) return false;
      this.remove(key, current);
    }
    this.visible = this.head;
    return true;
  }

  /**
   * Takes back every write decided after `revision`, none of which any reader or watcher has seen
   * (`revision` >= visible): what the durable backend does when the log write carrying them
   * failed, so the engine matches the disk again and writing can resume once the disk recovers.
   */
  rollback(revision: number): void {
    if (revision < this.visible)
      throw new Error(`cannot roll back to ${revision}: revision ${this.visible} is visible`);
    while (this.head > revision) {
      const ev = this.log.pop();
      if (!ev || ev.kv.modRevision !== this.head)
        throw new Error(`the event log does not end at revision ${this.head}`);
      const versions = this.history.get(ev.kv.key)!;
      versions.pop(); // the newest version of its key: later revisions of the key were popped before it
      if (versions.length === 0) {
        this.history.delete(ev.kv.key);
        this.index.delete(ev.kv.key);
      }
      this.head--;
    }
  }

  /**
   * Forgets history at and before `revision` (etcd's Compact): afterwards reads before it and
   * watches from before it fail with Compacted. Only the keys written in the dropped revisions
   * are visited, so a compaction costs what was written since the previous one.
   */
  compact(revision: number): void {
    if (revision <= this.compacted) throw new StorageError('Compacted', '', undefined, this.compacted);
    if (revision > this.visible) {
      throw new StorageError(
        'ResourceVersionTooLarge',
        '',
        `required revision ${revision} is a future revision (current: ${this.visible})`,
        revision,
      );
    }
    const touched = new Set<string>();
    let i = this.logStart;
    for (; i < this.log.length && this.log[i]!.kv.modRevision <= revision; i++) touched.add(this.log[i]!.kv.key);
    this.logStart = i;
    // Drop the dead prefix once it is the bigger part, so the shift is amortized.
    if (i > 1024 && i * 2 > this.log.length) {
      this.log = this.log.slice(i);
      this.logStart = 0;
    }
    for (const key of touched) this.prune(key, revision);
    this.compacted = revision;
  }

  /**
   * Visits events with modRevision in [fromRevision, visible] in order until `visit` returns
   * false. The caller checks compaction first.
   */
  scanEvents(fromRevision: number, visit: (ev: KVEvent) => boolean): void {
    const log = this.log;
    let lo = this.logStart;
    let hi = log.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (log[mid]!.kv.modRevision < fromRevision) lo = mid + 1;
      else hi = mid;
    }
    const visible = this.visible;
    for (let i = lo; i < log.length; i++) {
      const ev = log[i]!;
      if (ev.kv.modRevision > visible || !visit(ev)) return;
    }
  }

  /** Every kept version at or before `revision`, grouped by key in key order: a snapshot's content. */
  captureVersions(revision: number): KeyValue[] {
    const out: KeyValue[] = [];
    this.index.forEachFrom('', (key) => {
      for (const kv of this.history.get(key)!) {
        if (kv.modRevision > revision) break;
        out.push(kv);
      }
      return true;
    });
    return out;
  }

  private put(key: string, value: Uint8Array): KVEvent {
    const rev = ++this.head;
    let versions = this.history.get(key);
    if (!versions) {
      versions = [];
      this.history.set(key, versions);
      this.index.insert(key);
    }
    const prev = versions[versions.length - 1];
    const prevKv = prev && !isTombstone(prev) ? prev : undefined;
    const kv: KeyValue = { key, value, createRevision: prevKv ? prevKv.createRevision : rev, modRevision: rev };
    versions.push(kv);
    const event: KVEvent = prevKv ? { type: 'PUT', kv, prevKv } : { type: 'PUT', kv };
    this.log.push(event);
    return event;
  }

  private remove(key: string, current: KeyValue): KVEvent {
    const rev = ++this.head;
    const kv: KeyValue = { key, value: EMPTY, createRevision: 0, modRevision: rev };
    this.history.get(key)!.push(kv);
    const event: KVEvent = { type: 'DELETE', kv, prevKv: current };
    this.log.push(event);
    return event;
  }

  /** Keeps the newest version at or before `revision` (unless it is a deletion) and everything after. */
  private prune(key: string, revision: number): void {
    const versions = this.history.get(key);
    if (!versions) return;
    const k = indexAt(versions, revision);
    if (k < 0) return;
    const keepFrom = isTombstone(versions[k]!) ? k + 1 : k;
    if (keepFrom >= versions.length) {
      this.history.delete(key);
      this.index.delete(key);
    } else if (keepFrom > 0) {
      versions.splice(0, keepFrom);
    }
  }
}

/** The live version of a history at `rev`, if any. */
function liveAt(versions: readonly KeyValue[], rev: number): KeyValue | undefined {
  const last = versions[versions.length - 1]!;
  const kv = last.modRevision <= rev ? last : versions[indexAt(versions, rev)];
  return kv && !isTombstone(kv) ? kv : undefined;
}

/** Index of the newest version with modRevision <= rev; -1 when none. */
function indexAt(versions: readonly KeyValue[], rev: number): number {
  let lo = 0;
  let hi = versions.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (versions[mid]!.modRevision <= rev) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}
