/**
 * Token-bucket rate limiting (mirrors client-go util/flowcontrol/throttle.go, which wraps
 * golang.org/x/time/rate): the bucket holds up to `burst` tokens and refills at `qps` per
 * second. A request takes one token; when none is left it waits until one has accrued. Tokens
 * are reserved in arrival order, so waiters are served first come, first served.
 */
import { type Clock, realClock, sleepOn } from '../clock/clock.js';

export interface RateLimiter {
  /** Takes a token if one is available now. */
  tryAccept(): boolean;
  /**
   * Takes a token, returning how long to wait (ms) before it may be used: 0 when one was
   * available. The token is spent whether or not the caller waits.
   */
  reserve(): number;
  /**
   * Takes a token and waits until it may be used. Resolves with the time waited (ms); rejects with
   * the signal's reason if `signal` aborts first.
   */
  wait(signal?: AbortSignal): Promise<number>;
  readonly qps: number;
}

/**
 * A limiter allowing `qps` requests per second on average and bursts of `burst`. It starts full,
 * as upstream's NewTokenBucketRateLimiter does. A non-positive qps or burst is rejected: callers
 * that want no limit use no limiter.
 */
export function newTokenBucketRateLimiter(qps: number, burst: number, clock: Clock = realClock): RateLimiter {
  if (!(qps > 0) || !Number.isFinite(qps)) throw new Error(`rate limiter qps must be a positive number, got ${qps}`);
  if (!Number.isInteger(burst) || burst < 1) throw new Error(`rate limiter burst must be at least 1, got ${burst}`);
  let tokens = burst;
  let last = clock.now();

  function advance(): void {
    const now = clock.now();
    tokens = Math.min(burst, tokens + ((now - last) / 1000) * qps);
    last = now;
  }

  const limiter: RateLimiter = {
    qps,
    tryAccept() {
      advance();
      if (tokens < 1) return false;
      tokens -= 1;
      return true;
    },
    reserve() {
      advance();
      tokens -= 1;
      return tokens >= 0 ? 0 : Math.ceil((-tokens / qps) * 1000);
    },
    async wait(signal) {
      signal?.throwIfAborted();
      const delay = limiter.reserve();
      if (delay === 0) return 0;
      if (!(await sleepOn(clock, delay, signal))) {
        // Give the unused token back so an aborted caller does not slow the others.
        tokens = Math.min(burst, tokens + 1);
        signal?.throwIfAborted();
      }
      return delay;
    },
  };
  return limiter;
}
