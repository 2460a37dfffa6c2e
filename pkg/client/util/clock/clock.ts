/**
 * Time as the client library sees it (mirrors k8s.io/utils/clock): everything that waits or
 * measures — rate limiters, work-queue delays, leader election, event aggregation — takes a Clock,
 * so tests drive time with a FakeClock instead of sleeping.
 */

/** A timer created by a Clock; `cancel` is a no-op once it fired. */
export interface Timer {
  cancel(): void;
}

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Calls `fn` once `ms` have passed (at least 0). The real clock's timers do not keep Node running. */
  setTimer(ms: number, fn: () => void): Timer;
}

export const realClock: Clock = {
  now: () => Date.now(),
  setTimer(ms, fn) {
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref();
    return { cancel: () => clearTimeout(t) };
  },
};

/**
 * Waits `ms` on `clock`, or less if `signal` aborts: resolves true when the time passed, false on
 * abort (at once if already aborted). Never rejects.
 */
export function sleepOn(clock: Clock, ms: number, signal?: AbortSignal): Promise<boolean> {
  if (signal?.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      timer.cancel();
      resolve(false);
    };
    const timer = clock.setTimer(ms, () => {
      signal?.removeEventListener('abort', onAbort);
      resolve(true);
    });
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

interface PendingTimer {
  at: number;
  seq: number;
  fn: () => void;
}

/** A clock that moves only when told (k8s.io/utils/clock/testing.FakeClock). */
export class FakeClock implements Clock {
  private pending: PendingTimer[] = [];
  private seq = 0;

  constructor(private time = 0) {}

  now(): number {
    return this.time;
  }

  setTimer(ms: number, fn: () => void): Timer {
    const entry: PendingTimer = { at: this.time + Math.max(0, ms), seq: this.seq++, fn };
    this.pending.push(entry);
    return {
      cancel: () => {
        this.pending = this.pending.filter((p) => p !== entry);
      },
    };
  }

  /** How many timers are waiting: lets a test see that code under test is now blocked on time. */
  get waiters(): number {
    return this.pending.length;
  }

  /**
   * Moves time forward by `ms`, firing due timers in time order; between timers it lets promise
   * callbacks run, so code that sets a new timer after an await sees the time it expects.
   */
  async step(ms: number): Promise<void> {
    const target = this.time + ms;
    for (;;) {
      await flushMicrotasks();
      const next = this.pending.filter((p) => p.at <= target).sort((a, b) => a.at - b.at || a.seq - b.seq)[0];
      if (!next) break;
      this.pending = this.pending.filter((p) => p !== next);
      this.time = Math.max(this.time, next.at);
      next.fn();
    }
    this.time = target;
    await flushMicrotasks();
  }
}

/** Lets pending promise callbacks (several levels deep) run before the caller continues. */
export async function flushMicrotasks(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
  await new Promise<void>((resolve) => setImmediate(resolve));
}
