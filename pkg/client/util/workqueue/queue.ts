/**
 * The controllers' work queue (mirrors client-go util/workqueue queue.go, delaying_queue.go and
 * rate_limiting_queue.go in one type):
 *
 * - dedupe: an item added while waiting is queued once; one added while being processed is
 *   queued again when `done` is called, so no two workers ever hold the same item;
 * - `addAfter`: delayed adds; an item waiting twice keeps the earlier time;
 * - `addRateLimited`: delayed by the rate limiter (per-item exponential back-off by default),
 *   `forget` resets the item's back-off;
 * - shut down by `shutDown()` or the `signal` it was made with: waiting `get`s resolve undefined.
 *
 * Items are compared as Map keys: use strings (`namespace/name`) or other primitives.
 */
import { type Clock, realClock, type Timer } from '../clock/clock.js';
import { defaultControllerRateLimiter, type TypedRateLimiter } from './default-rate-limiters.js';

export interface RateLimitingQueueOptions<T> {
  rateLimiter?: TypedRateLimiter<T>;
  clock?: Clock;
  /** Shuts the queue down when it aborts. */
  signal?: AbortSignal;
}

export class RateLimitingQueue<T> {
  private readonly queue: T[] = [];
  private head = 0;
  private readonly dirty = new Set<T>();
  private readonly processing = new Set<T>();
  /** Items waiting for a later time: when they become ready, and the timer that adds them. */
  private readonly waiting = new Map<T, { readyAt: number; timer: Timer }>();
  private readonly getters: ((item: T | undefined) => void)[] = [];
  private readonly drainWaiters: (() => void)[] = [];
  private shuttingDown = false;
  private readonly rateLimiter: TypedRateLimiter<T>;
  private readonly clock: Clock;

  constructor(opts: RateLimitingQueueOptions<T> = {}) {
    this.clock = opts.clock ?? realClock;
    this.rateLimiter = opts.rateLimiter ?? defaultControllerRateLimiter<T>(this.clock);
    const signal = opts.signal;
    if (signal) {
      if (signal.aborted) this.shutDown();
      else signal.addEventListener('abort', () => this.shutDown(), { once: true });
    }
  }

  /** Queues `item` unless it is already queued (or processing: then once `done` is called). */
  add(item: T): void {
    if (this.shuttingDown || this.dirty.has(item)) return;
    this.dirty.add(item);
    if (this.processing.has(item)) return;
    const getter = this.getters.shift();
    if (getter) {
      this.dirty.delete(item);
      this.processing.add(item);
      getter(item);
      return;
    }
    this.queue.push(item);
  }

  /** Queues `item` once `delayMs` passed (at once when ≤ 0). */
  addAfter(item: T, delayMs: number): void {
    if (this.shuttingDown) return;
    if (delayMs <= 0) {
      this.add(item);
      return;
    }
    const readyAt = this.clock.now() + delayMs;
    const existing = this.waiting.get(item);
    if (existing && existing.readyAt <= readyAt) return;
    existing?.timer.cancel();
    const timer = this.clock.setTimer(delayMs, () => {
      this.waiting.delete(item);
      this.add(item);
    });
    this.waiting.set(item, { readyAt, timer });
  }

  /** Queues `item` after the rate limiter's delay for it (its back-off grows with each call). */
  addRateLimited(item: T): void {
    this.addAfter(item, this.rateLimiter.when(item));
  }

  /** The item succeeded: its back-off starts over. */
  forget(item: T): void {
    this.rateLimiter.forget(item);
  }

  numRequeues(item: T): number {
    return this.rateLimiter.numRequeues(item);
  }

  /** The next item, waiting for one; undefined once the queue shuts down. Call `done` when finished with it. */
  get(): Promise<T | undefined> {
    if (this.head < this.queue.length) {
      // head < length: the slot holds an item.
      const item = this.queue[this.head] as T;
      this.head++;
      this.compact();
      this.dirty.delete(item);
      this.processing.add(item);
      return Promise.resolve(item);
    }
    if (this.shuttingDown) return Promise.resolve(undefined);
    return new Promise((resolve) => this.getters.push(resolve));
  }

  /** Processing of `item` finished; if it was added meanwhile, it is queued again. */
  done(item: T): void {
    this.processing.delete(item);
    if (this.dirty.has(item)) {
      this.dirty.delete(item);
      this.add(item);
    }
    if (this.processing.size === 0) for (const wake of this.drainWaiters.splice(0)) wake();
  }

  /** Items ready to be handed out (not counting delayed ones). */
  get length(): number {
    return this.queue.length - this.head;
  }

  get isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  /** Stops accepting items, drops delayed ones and releases waiting `get`s. Items being processed may finish. */
  shutDown(): void {
    if (this.shuttingDown) return;
    this.shuttingDown = true;
    for (const w of this.waiting.values()) w.timer.cancel();
    this.waiting.clear();
    for (const getter of this.getters.splice(0)) getter(undefined);
  }

  /** Shuts down, then resolves once every item handed out has been marked done. */
  async shutDownWithDrain(): Promise<void> {
    this.shutDown();
    if (this.processing.size === 0) return;
    await new Promise<void>((resolve) => this.drainWaiters.push(resolve));
  }

  /** Drops consumed slots now and then, so a long-lived queue does not keep its history. */
  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.queue.length) {
      this.queue.splice(0, this.head);
      this.head = 0;
    }
  }
}

export function newRateLimitingQueue<T = string>(opts?: RateLimitingQueueOptions<T>): RateLimitingQueue<T> {
  return new RateLimitingQueue<T>(opts);
}
