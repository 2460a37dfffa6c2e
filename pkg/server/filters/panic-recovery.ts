import { writeError } from '../../endpoints/handlers/responsewriters/writers.js';
import type { Filter } from '../mux/mux.js';

/**
 * The outermost filter (mirrors apiserver's WithPanicRecovery): whatever a handler throws or
 * rejects with is answered as a Status — an unexpected error as a logged 500 — and never crashes
 * the process or leaves the client hanging.
 */
export function withPanicRecovery(): Filter {
  return (next) => (req, res) => {
    try {
      const result = next(req, res);
      if (result instanceof Promise) return result.catch((err: unknown) => writeError(res, err, req));
    } catch (err) {
      writeError(res, err, req);
    }
    return undefined;
  };
}
