/**
 * A minimal keyed work queue with per-key exponential backoff (the parts of client-go's
 * workqueue the namespace controller needs: dedup of pending keys, addAfter, rate-limited
 * retries, forget on success). A key being processed is never handed out twice at once.
 */

export interface WorkQueue {
  /** Queue `key` now (no-op if already pending). */
  add(key: string): void;
  /** Queue `key` after `delayMs`. */
  addAfter(key: string, delayMs: number): void;
  /** Queue `key` after its backoff, which doubles with each call until `forget`. */
  addRateLimited(key: string): void;
  forget(key: string): void;
  /** The next key (waits for one); undefined once the queue is shut down. */
  get(): Promise<string | undefined>;
  /** Marks `key` processed; if it was re-added meanwhile it becomes available again. */
  done(key: string): void;
  shutDown(): void;
  readonly length: number;
}

export interface BackoffOptions {
  baseDelayMs: number;
  maxDelayMs: number;
}

export function newWorkQueue(backoff: BackoffOptions = { baseDelayMs: 5, maxDelayMs: 60_000 }): WorkQueue {
  const ready: string[] = [];
  const pending = new Set<string>();
  const processing = new Set<string>();
  const dirtyWhileProcessing = new Set<string>();
  const failures = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  let waiters: ((key: string | undefined) => void)[] = [];
  let shut = false;

  function hand(key: string): void {
    const waiter = waiters.shift();
    if (waiter) {
      processing.add(key);
      waiter(key);
    } else {
      ready.push(key);
    }
  }

  const queue: WorkQueue = {
    add(key) {
      if (shut) return;
      if (processing.has(key)) {
        dirtyWhileProcessing.add(key);
        return;
      }
      if (pending.has(key)) return;
      pending.add(key);
      hand(key);
    },
    addAfter(key, delayMs) {
      if (shut) return;
      if (delayMs <= 0) return queue.add(key);
      const t = setTimeout(() => {
        timers.delete(t);
        queue.add(key);
      }, delayMs);
      t.unref();
      timers.add(t);
    },
    addRateLimited(key) {
      const n = failures.get(key) ?? 0;
      failures.set(key, n + 1);
      queue.addAfter(key, Math.min(backoff.baseDelayMs * 2 ** n, backoff.maxDelayMs));
    },
    forget(key) {
      failures.delete(key);
    },
    async get() {
      const key = ready.shift();
      if (key !== undefined) {
        processing.add(key);
        return key;
      }
      if (shut) return undefined;
      return new Promise((resolve) => waiters.push(resolve));
    },
    done(key) {
      processing.delete(key);
      pending.delete(key);
      if (dirtyWhileProcessing.delete(key)) queue.add(key);
    },
    shutDown() {
      shut = true;
      for (const t of timers) clearTimeout(t);
      timers.clear();
      const w = waiters;
      waiters = [];
      for (const resolve of w) resolve(undefined);
    },
    get length() {
      return ready.length;
    },
  };
  return queue;
}
