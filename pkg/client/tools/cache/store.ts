/**
 * The informer's local cache (mirrors client-go tools/cache store.go, thread_safe_store.go and
 * index.go): objects by key (`namespace/name`, or `name` when cluster-scoped), plus indices that
 * map an indexed value (a namespace, a node name, …) to the keys of the objects having it.
 *
 * Objects are stored as given, never copied: what `get`/`list`/`byIndex` return is shared with
 * every other reader, so callers treat it as read-only and copy before changing it.
 */
import type { KubeObject } from '../../../apis/meta/v1/types.js';

/** A deleted object whose final state was missed (a relist no longer had it): the last state the cache knew. */
export class DeletedFinalStateUnknown<T> {
  constructor(
    readonly key: string,
    readonly obj: T,
  ) {}
}

/** `namespace/name`, or `name` for a cluster-scoped object (upstream MetaNamespaceKeyFunc). */
export function metaNamespaceKeyFunc(obj: KubeObject): string {
  const name = obj.metadata?.name;
  if (!name) throw new Error('object has no meta: metadata.name is empty');
  const ns = obj.metadata.namespace;
  return ns ? `${ns}/${name}` : name;
}

/** As metaNamespaceKeyFunc, and the key a tombstone carries (upstream DeletionHandlingMetaNamespaceKeyFunc). */
export function deletionHandlingMetaNamespaceKeyFunc(obj: KubeObject | DeletedFinalStateUnknown<KubeObject>): string {
  return obj instanceof DeletedFinalStateUnknown ? obj.key : metaNamespaceKeyFunc(obj);
}

/** `ns/name` → {namespace: 'ns', name: 'name'}; `name` → {namespace: '', name}. */
export function splitMetaNamespaceKey(key: string): { namespace: string; name: string } {
  const parts = key.split('/');
  if (parts.length === 1) return { namespace: '', name: key };
  if (parts.length === 2 && parts[0] !== undefined && parts[1] !== undefined) {
    return { namespace: parts[0], name: parts[1] };
  }
  throw new Error(`unexpected key format: ${JSON.stringify(key)}`);
}

/** Computes the values an object is indexed under (an object may have several, or none). */
export type IndexFunc<T> = (obj: T) => readonly string[];
export type Indexers<T> = Record<string, IndexFunc<T>>;

export const namespaceIndex = 'namespace';

/** Indexes objects by their namespace (upstream MetaNamespaceIndexFunc). */
export function metaNamespaceIndexFunc(obj: KubeObject): string[] {
  return [obj.metadata?.namespace ?? ''];
}

export interface Store<T> {
  add(obj: T): void;
  update(obj: T): void;
  delete(obj: T): void;
  get(obj: T): T | undefined;
  getByKey(key: string): T | undefined;
  list(): T[];
  listKeys(): string[];
  /** Replaces the whole content with `items`. */
  replace(items: readonly T[]): void;
}

export interface Indexer<T> extends Store<T> {
  /** The objects whose `indexName` values include `value`. */
  byIndex(indexName: string, value: string): T[];
  /** Their keys. */
  indexKeys(indexName: string, value: string): string[];
  /** The objects sharing any indexed value with `obj`. */
  index(indexName: string, obj: T): T[];
  listIndexFuncValues(indexName: string): string[];
  getIndexers(): Readonly<Indexers<T>>;
  /** Adds indexers; existing objects are indexed at once. Names already in use are an error. */
  addIndexers(indexers: Indexers<T>): void;
}

export function newIndexer<T>(keyFunc: (obj: T) => string, indexers: Indexers<T> = {}): Indexer<T> {
  return new ThreadSafeIndexer<T>(keyFunc, indexers);
}

class ThreadSafeIndexer<T> implements Indexer<T> {
  private readonly items = new Map<string, T>();
  private readonly indexers: Indexers<T> = {};
  /** indexName → indexed value → keys. */
  private readonly indices = new Map<string, Map<string, Set<string>>>();

  constructor(
    private readonly keyFunc: (obj: T) => string,
    indexers: Indexers<T>,
  ) {
    this.addIndexers(indexers);
  }

  add(obj: T): void {
    this.put(this.keyFunc(obj), obj);
  }

  update(obj: T): void {
    this.put(this.keyFunc(obj), obj);
  }

  delete(obj: T): void {
    const key = this.keyFunc(obj);
    const old = this.items.get(key);
    if (old === undefined) return;
    this.unindex(key, old);
    this.items.delete(key);
  }

  get(obj: T): T | undefined {
    return this.items.get(this.keyFunc(obj));
  }

  getByKey(key: string): T | undefined {
    return this.items.get(key);
  }

  list(): T[] {
    return [...this.items.values()];
  }

  listKeys(): string[] {
    return [...this.items.keys()];
  }

  replace(items: readonly T[]): void {
    this.items.clear();
    for (const index of this.indices.values()) index.clear();
    for (const obj of items) this.put(this.keyFunc(obj), obj);
  }

  byIndex(indexName: string, value: string): T[] {
    const out: T[] = [];
    for (const key of this.keysFor(indexName, value)) {
      const obj = this.items.get(key);
      if (obj !== undefined) out.push(obj);
    }
    return out;
  }

  indexKeys(indexName: string, value: string): string[] {
    return [...this.keysFor(indexName, value)];
  }

  index(indexName: string, obj: T): T[] {
    const fn = this.indexFunc(indexName);
    const keys = new Set<string>();
    for (const value of fn(obj)) for (const key of this.keysFor(indexName, value)) keys.add(key);
    return [...keys].flatMap((k) => {
      const o = this.items.get(k);
      return o === undefined ? [] : [o];
    });
  }

  listIndexFuncValues(indexName: string): string[] {
    this.indexFunc(indexName);
    return [...(this.indices.get(indexName)?.keys() ?? [])];
  }

  getIndexers(): Readonly<Indexers<T>> {
    return this.indexers;
  }

  addIndexers(indexers: Indexers<T>): void {
    for (const name of Object.keys(indexers)) {
      if (name in this.indexers) throw new Error(`indexer conflict: ${name}`);
    }
    for (const [name, fn] of Object.entries(indexers)) {
      this.indexers[name] = fn;
      const index = new Map<string, Set<string>>();
      this.indices.set(name, index);
      for (const [key, obj] of this.items) addToIndex(index, fn(obj), key);
    }
  }

  private put(key: string, obj: T): void {
    const old = this.items.get(key);
    if (old !== undefined) this.unindex(key, old);
    this.items.set(key, obj);
    for (const [name, fn] of Object.entries(this.indexers)) {
      const index = this.indices.get(name);
      if (index) addToIndex(index, fn(obj), key);
    }
  }

  private unindex(key: string, obj: T): void {
    for (const [name, fn] of Object.entries(this.indexers)) {
      const index = this.indices.get(name);
      if (!index) continue;
      for (const value of fn(obj)) {
        const keys = index.get(value);
        if (!keys) continue;
        keys.delete(key);
        // Drop empty sets so an index over short-lived values (pod names, nodes) does not grow forever.
        if (keys.size === 0) index.delete(value);
      }
    }
  }

  private keysFor(indexName: string, value: string): ReadonlySet<string> {
    this.indexFunc(indexName);
    return this.indices.get(indexName)?.get(value) ?? emptySet;
  }

  private indexFunc(indexName: string): IndexFunc<T> {
    const fn = this.indexers[indexName];
    if (!fn) throw new Error(`Index with name ${indexName} does not exist`);
    return fn;
  }
}

const emptySet: ReadonlySet<string> = new Set();

function addToIndex(index: Map<string, Set<string>>, values: readonly string[], key: string): void {
  for (const value of values) {
    let keys = index.get(value);
    if (!keys) {
      keys = new Set();
      index.set(value, keys);
    }
    keys.add(key);
  }
}
