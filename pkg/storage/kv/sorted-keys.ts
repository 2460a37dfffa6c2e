/**
 * An ordered set of keys for prefix ranges: a sorted array of sorted chunks (the idea behind
 * Python's SortedList). Lookups are two binary searches; an insert or delete moves at most one
 * chunk's worth of pointers, so 100,000 keys stay cheap to maintain, and a range scan walks the
 * chunks in order without allocating.
 *
 * Keys compare as UTF-16 code units (JavaScript's `<`), which equals etcd's byte order for every
 * key that does not mix characters above U+FFFF with characters in U+E000–U+FFFF.
 */

/** Past this a chunk splits in two; small enough that a splice is a short memmove. */
const MAX_CHUNK = 1024;

export class SortedKeys {
  private chunks: string[][] = [];
  private count = 0;

  /** Builds the set from keys already in ascending order, without duplicates (snapshot restore). */
  static fromSorted(keys: readonly string[]): SortedKeys {
    const set = new SortedKeys();
    const half = MAX_CHUNK / 2;
    for (let i = 0; i < keys.length; i += half) set.chunks.push(keys.slice(i, i + half));
    set.count = keys.length;
    return set;
  }

  get size(): number {
    return this.count;
  }

  /** Inserts `key`; false when it was already present. */
  insert(key: string): boolean {
    const chunks = this.chunks;
    if (chunks.length === 0) {
      chunks.push([key]);
      this.count = 1;
      return true;
    }
    let ci = this.chunkFor(key);
    if (ci === chunks.length) ci--; // beyond every key: append to the last chunk
    const chunk = chunks[ci]!;
    const i = lowerBound(chunk, key);
    if (chunk[i] === key) return false;
    chunk.splice(i, 0, key);
    this.count++;
    if (chunk.length > MAX_CHUNK) chunks.splice(ci + 1, 0, chunk.splice(chunk.length >> 1));
    return true;
  }

  /** Removes `key`; false when it was not present. */
  delete(key: string): boolean {
    const ci = this.chunkFor(key);
    const chunk = this.chunks[ci];
    if (!chunk) return false;
    const i = lowerBound(chunk, key);
    if (chunk[i] !== key) return false;
    chunk.splice(i, 1);
    this.count--;
    if (chunk.length === 0) this.chunks.splice(ci, 1);
    return true;
  }

  /**
   * Calls `visit` with each key >= `start` in ascending order until it returns false. The set must
   * not be modified during the walk.
   */
  forEachFrom(start: string, visit: (key: string) => boolean): void {
    const chunks = this.chunks;
    let ci = this.chunkFor(start);
    if (ci === chunks.length) return;
    let i = lowerBound(chunks[ci]!, start);
    for (; ci < chunks.length; ci++, i = 0) {
      const chunk = chunks[ci]!;
      for (; i < chunk.length; i++) {
        if (!visit(chunk[i]!)) return;
      }
    }
  }

  /** The first chunk whose last key is >= key (chunks.length when there is none). */
  private chunkFor(key: string): number {
    const chunks = this.chunks;
    let lo = 0;
    let hi = chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const chunk = chunks[mid]!;
      if (chunk[chunk.length - 1]! < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function lowerBound(keys: readonly string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid]! < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
