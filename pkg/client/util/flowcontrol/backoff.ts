/**
 * Back-off helpers.
 *
 * - `Backoff` (mirrors client-go util/flowcontrol/backoff.go): per-key exponential delays, used by
 *   the REST client's per-host back-off: each failure doubles the key's delay up to a maximum, a
 *   key left alone for 2×max is forgotten.
 * - `ExponentialBackoffManager` (mirrors apimachinery wait.NewExponentialBackoffManager, used by
 *   the reflector): one delay that doubles on each failure, with jitter, and resets once no
 *   failure happened for `resetMs`.
 */
import { type Clock, realClock } from '../clock/clock.js';

export interface BackoffOptions {
  initialMs: number;
  maxMs: number;
}

export class Backoff {
  private readonly entries = new Map<string, { delayMs: number; lastUpdate: number }>();

  constructor(
    readonly options: BackoffOptions,
    private readonly clock: Clock = realClock,
  ) {}

  /** The current delay for `id` (0 when it has none). */
  get(id: string): number {
    const e = this.entries.get(id);
    if (!e) return 0;
    if (this.clock.now() - e.lastUpdate > 2 * this.options.maxMs) {
      this.entries.delete(id);
      return 0;
    }
    return e.delayMs;
  }

  /** Records a failure for `id`: its delay starts at initialMs and doubles up to maxMs. */
  next(id: string): void {
    const now = this.clock.now();
    const e = this.entries.get(id);
    if (!e || now - e.lastUpdate > 2 * this.options.maxMs) {
      this.entries.set(id, { delayMs: this.options.initialMs, lastUpdate: now });
      return;
    }
    e.delayMs = Math.min(e.delayMs * 2, this.options.maxMs);
    e.lastUpdate = now;
  }

  /** Records a success: `id` has no delay any more. */
  reset(id: string): void {
    this.entries.delete(id);
  }
}

export interface ExponentialBackoffOptions {
  initialMs: number;
  maxMs: number;
  /** Failures further apart than this start again from initialMs. */
  resetMs: number;
  factor: number;
  /** Each delay is stretched by up to this fraction at random (upstream jitter). */
  jitter: number;
}

/** The reflector's back-off between failed list/watch attempts (upstream: 800 ms … 30 s, reset after 2 min). */
export const reflectorBackoff: ExponentialBackoffOptions = {
  initialMs: 800,
  maxMs: 30_000,
  resetMs: 120_000,
  factor: 2,
  jitter: 1,
};

export class ExponentialBackoffManager {
  private delayMs = 0;
  private lastFailure = Number.NEGATIVE_INFINITY;

  constructor(
    readonly options: ExponentialBackoffOptions,
    private readonly clock: Clock = realClock,
    private readonly random: () => number = Math.random,
  ) {}

  /** The delay to wait after a failure now. */
  nextDelay(): number {
    const now = this.clock.now();
    if (now - this.lastFailure > this.options.resetMs || this.delayMs === 0) this.delayMs = this.options.initialMs;
    else this.delayMs = Math.min(this.delayMs * this.options.factor, this.options.maxMs);
    this.lastFailure = now;
    return this.delayMs + this.delayMs * this.options.jitter * this.random();
  }
}
