import type { Filter } from '../mux/mux.js';
import { newRequestContext } from '../../endpoints/request/context.js';

/**
 * Creates the request's one context (mirrors apiserver's WithRequestInfo and the context every
 * later filter adds to): the URL parsed into a RequestInfo, the query parsed once, and an
 * AbortSignal that fires when the client disconnects.
 */
export function withRequestInfo(): Filter {
  return (next) => (req, res) => {
    const controller = new AbortController();
    // 'close' on the response fires when it finished or the connection went away; only the
    // latter means the client stopped listening.
    res.once('close', () => {
      if (!res.writableFinished) controller.abort(new Error('client disconnected'));
    });
    newRequestContext(req, res, controller);
    return next(req, res);
  };
}
