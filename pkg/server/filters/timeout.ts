import { newTimeout } from '../../api/errors/errors.js';
import { requestContextFrom } from '../../endpoints/request/context.js';
import { isLongRunning } from '../../endpoints/request/requestinfo.js';
import { writeError } from '../../endpoints/handlers/responsewriters/writers.js';
import type { Filter } from '../mux/mux.js';

/**
 * Bounds non-long-running requests by `--request-timeout` (mirrors apiserver's WithTimeoutForNonLongRunningRequests):
 * when time runs out the client gets a 504 Timeout Status and the handler's signal aborts so it
 * stops working; anything it writes later is dropped. Watches manage their own lifetime.
 */
export function withTimeout(requestTimeoutMs: number): Filter {
  return (next) => (req, res) => {
    const ctx = requestContextFrom(req);
    if (requestTimeoutMs <= 0 || isLongRunning(ctx.requestInfo)) return next(req, res);
    // One signal per request: running out of time aborts the same signal a disconnect would.
    const timer = setTimeout(() => {
      ctx.abort(new Error('request timed out'));
      writeError(res, newTimeout('request did not complete within requested timeout - context deadline exceeded'), req);
    }, requestTimeoutMs);
    res.once('close', () => clearTimeout(timer));
    return next(req, res);
  };
}
