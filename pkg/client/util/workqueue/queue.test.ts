import { describe, expect, it } from 'vitest';
import { FakeClock, flushMicrotasks } from '../clock/clock.js';
import {
  defaultControllerRateLimiter,
  newBucketRateLimiter,
  newItemExponentialFailureRateLimiter,
  newItemFastSlowRateLimiter,
  newMaxOfRateLimiter,
} from './default-rate-limiters.js';
import { newRateLimitingQueue } from './queue.js';

describe('work queue', () => {
  it('hands out a pending item once, and again after done if it was re-added while processing', async () => {
    const q = newRateLimitingQueue<string>();
    q.add('a');
    q.add('a');
    q.add('b');
    expect(q.length).toBe(2);
    expect(await q.get()).toBe('a');
    q.add('a');
    expect(q.length).toBe(1);
    expect(await q.get()).toBe('b');
    q.done('b');
    q.done('a');
    expect(await q.get()).toBe('a');
    q.done('a');
    expect(q.length).toBe(0);
  });

  it('wakes a waiting get, first come first served', async () => {
    const q = newRateLimitingQueue<string>();
    const first = q.get();
    const second = q.get();
    q.add('x');
    q.add('y');
    expect(await first).toBe('x');
    expect(await second).toBe('y');
  });

  it('delays addAfter items on the clock, keeping the earlier time of a duplicate', async () => {
    const clock = new FakeClock();
    const q = newRateLimitingQueue<string>({ clock });
    q.addAfter('a', 100);
    q.addAfter('a', 500);
    q.addAfter('b', 50);
    await clock.step(49);
    expect(q.length).toBe(0);
    await clock.step(1);
    expect(q.length).toBe(1);
    await clock.step(50);
    expect(q.length).toBe(2);
    await clock.step(1000);
    expect(q.length).toBe(2);
    expect(await q.get()).toBe('b');
    expect(await q.get()).toBe('a');
  });

  it('backs off per item exponentially until forgotten', async () => {
    const clock = new FakeClock();
    const q = newRateLimitingQueue<string>({ clock, rateLimiter: newItemExponentialFailureRateLimiter(10, 1000) });
    q.addRateLimited('a');
    q.addRateLimited('a');
    expect(q.numRequeues('a')).toBe(2);
    // The first delay (10 ms) wins over the second (20 ms): an item waits once.
    await clock.step(10);
    expect(q.length).toBe(1);
    q.forget('a');
    expect(q.numRequeues('a')).toBe(0);
  });

  it('shuts down on its signal: waiting gets resolve undefined, delayed items are dropped, adds are ignored', async () => {
    const clock = new FakeClock();
    const abort = new AbortController();
    const q = newRateLimitingQueue<string>({ clock, signal: abort.signal });
    q.addAfter('later', 10);
    const waiting = q.get();
    abort.abort();
    expect(await waiting).toBeUndefined();
    expect(q.isShuttingDown).toBe(true);
    q.add('x');
    await clock.step(100);
    expect(q.length).toBe(0);
    expect(await q.get()).toBeUndefined();
  });

  it('drains: shutDownWithDrain waits for items being processed', async () => {
    const q = newRateLimitingQueue<string>();
    q.add('a');
    const item = await q.get();
    let drained = false;
    const p = q.shutDownWithDrain().then(() => {
      drained = true;
    });
    await flushMicrotasks();
    expect(drained).toBe(false);
    q.done(item ?? '');
    await p;
    expect(drained).toBe(true);
  });
});

describe('rate limiters', () => {
  it('exponential: base·2^n capped at max', () => {
    const r = newItemExponentialFailureRateLimiter<string>(5, 1000 * 1000);
    const delays = Array.from({ length: 20 }, () => r.when('a'));
    expect(delays.slice(0, 4)).toEqual([5, 10, 20, 40]);
    expect(delays[19]).toBe(1000 * 1000);
    expect(r.when('b')).toBe(5);
  });

  it('fast then slow', () => {
    const r = newItemFastSlowRateLimiter<string>(5, 10_000, 2);
    expect([r.when('a'), r.when('a'), r.when('a')]).toEqual([5, 5, 10_000]);
  });

  it('bucket: a burst, then 1/qps apart', async () => {
    const clock = new FakeClock();
    const r = newBucketRateLimiter<string>(10, 2, clock);
    expect([r.when('a'), r.when('b'), r.when('c'), r.when('d')]).toEqual([0, 0, 100, 200]);
  });

  it("default controller limiter: the larger of the item's back-off and the overall bucket", () => {
    const clock = new FakeClock();
    const r = defaultControllerRateLimiter<string>(clock);
    expect(r.when('a')).toBe(5);
    expect(r.when('a')).toBe(10);
    for (let i = 0; i < 98; i++) r.when(`x${i}`);
    // The bucket (100 burst, 10 qps) is empty now: the next new item waits 100 ms, not 5.
    expect(r.when('fresh')).toBe(100);
    const max = newMaxOfRateLimiter<string>(newItemExponentialFailureRateLimiter(1, 10));
    max.when('k');
    expect(max.numRequeues('k')).toBe(1);
    max.forget('k');
    expect(max.numRequeues('k')).toBe(0);
  });
});
