/**
 * How long an item waits before it is retried (mirrors client-go util/workqueue
 * default_rate_limiters.go). `when(item)` both answers and records one more failure; `forget`
 * clears the item's history once it succeeded.
 */
import { type Clock, realClock } from '../clock/clock.js';
import { newTokenBucketRateLimiter } from '../flowcontrol/throttle.js';

export interface TypedRateLimiter<T> {
  /** The delay (ms) before `item` may be processed again; counts a failure. */
  when(item: T): number;
  /** Forgets `item`'s failures. */
  forget(item: T): void;
  /** How many times `item` failed since last forgotten. */
  numRequeues(item: T): number;
}

/** base·2^failures, capped at max: per item. */
export function newItemExponentialFailureRateLimiter<T>(baseDelayMs: number, maxDelayMs: number): TypedRateLimiter<T> {
  const failures = new Map<T, number>();
  return {
    when(item) {
      const exp = failures.get(item) ?? 0;
      failures.set(item, exp + 1);
      const delay = baseDelayMs * 2 ** exp;
      return Number.isFinite(delay) ? Math.min(delay, maxDelayMs) : maxDelayMs;
    },
    forget: (item) => {
      failures.delete(item);
    },
    numRequeues: (item) => failures.get(item) ?? 0,
  };
}

/** A fast delay for the first `maxFastAttempts` failures of an item, the slow one after. */
export function newItemFastSlowRateLimiter<T>(
  fastDelayMs: number,
  slowDelayMs: number,
  maxFastAttempts: number,
): TypedRateLimiter<T> {
  const failures = new Map<T, number>();
  return {
    when(item) {
      const n = (failures.get(item) ?? 0) + 1;
      failures.set(item, n);
      return n <= maxFastAttempts ? fastDelayMs : slowDelayMs;
    },
    forget: (item) => {
      failures.delete(item);
    },
    numRequeues: (item) => failures.get(item) ?? 0,
  };
}

/** One token bucket for all items: bounds the overall retry rate (it keeps no per-item history). */
export function newBucketRateLimiter<T>(qps: number, burst: number, clock: Clock = realClock): TypedRateLimiter<T> {
  const bucket = newTokenBucketRateLimiter(qps, burst, clock);
  return { when: () => bucket.reserve(), forget: () => {}, numRequeues: () => 0 };
}

/** The longest delay of several limiters. */
export function newMaxOfRateLimiter<T>(...limiters: TypedRateLimiter<T>[]): TypedRateLimiter<T> {
  return {
    when: (item) => Math.max(0, ...limiters.map((l) => l.when(item))),
    forget: (item) => {
      for (const l of limiters) l.forget(item);
    },
    numRequeues: (item) => Math.max(0, ...limiters.map((l) => l.numRequeues(item))),
  };
}

/**
 * upstream DefaultControllerRateLimiter: per-item exponential 5 ms … 1000 s, and overall 10 qps
 * with bursts of 100.
 */
export function defaultControllerRateLimiter<T>(clock: Clock = realClock): TypedRateLimiter<T> {
  return newMaxOfRateLimiter<T>(
    newItemExponentialFailureRateLimiter<T>(5, 1000 * 1000),
    newBucketRateLimiter<T>(10, 100, clock),
  );
}
