import { requestContextFrom } from '../../endpoints/request/context.js';
import { isLongRunning } from '../../endpoints/request/requestinfo.js';
import type { Filter } from '../mux/mux.js';

/**
 * Counts the non-long-running requests in flight so shutdown can wait for them (mirrors
 * apiserver's WithWaitGroup), and ties long-running ones (watches) to `watchTermination`, which
 * shutdown aborts once the others have drained. (`Connection: close` on the answers during the
 * shutdown is the serving layer's part, as it is Go's http.Server's upstream: see runServer.)
 */
export class RequestWaitGroup {
  private count = 0;
  private waiters: Array<() => void> = [];

  get inFlight(): number {
    return this.count;
  }

  add(): void {
    this.count++;
  }

  done(): void {
    this.count--;
    if (this.count === 0) {
      for (const wake of this.waiters) wake();
      this.waiters = [];
    }
  }

  /** Resolves true when no request is in flight, or false once `timeoutMs` passes first. */
  wait(timeoutMs: number): Promise<boolean> {
    if (this.count === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}

export function withWaitGroup(waitGroup: RequestWaitGroup, watchTermination: AbortSignal): Filter {
  return (next) => (req, res) => {
    const ctx = requestContextFrom(req);
    if (isLongRunning(ctx.requestInfo)) {
      ctx.signal = AbortSignal.any([ctx.signal, watchTermination]);
      return next(req, res);
    }
    waitGroup.add();
    res.once('close', () => waitGroup.done());
    return next(req, res);
  };
}
