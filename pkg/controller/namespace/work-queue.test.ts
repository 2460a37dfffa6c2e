import { describe, expect, it } from 'vitest';
import { newWorkQueue } from './work-queue.js';

describe('work queue', () => {
  it('hands out a pending key once, and again after done if it was re-added while processing', async () => {
    const q = newWorkQueue();
    q.add('a');
    q.add('a');
    expect(q.length).toBe(1);
    expect(await q.get()).toBe('a');
    q.add('a');
    expect(q.length).toBe(0);
    q.done('a');
    expect(await q.get()).toBe('a');
    q.done('a');
    expect(q.length).toBe(0);
  });

  it('backs off exponentially per key until forgotten', async () => {
    const q = newWorkQueue({ baseDelayMs: 20, maxDelayMs: 1000 });
    const t0 = Date.now();
    q.addRateLimited('a');
    expect(await q.get()).toBe('a');
    q.done('a');
    q.addRateLimited('a');
    expect(await q.get()).toBe('a');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(55);
    q.done('a');
    q.forget('a');
    const t1 = Date.now();
    q.addRateLimited('a');
    expect(await q.get()).toBe('a');
    expect(Date.now() - t1).toBeLessThan(200);
  });

  it('releases waiting workers on shutdown', async () => {
    const q = newWorkQueue();
    const waiting = q.get();
    q.shutDown();
    expect(await waiting).toBeUndefined();
  });
});
