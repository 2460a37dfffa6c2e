import type { Filter } from '../mux/mux.js';
import { newRequestInfo } from '../../endpoints/request/requestinfo.js';
import { setRequestContext } from '../../endpoints/request/context.js';

/**
 * Parses the URL once into a RequestInfo and gives the request an AbortSignal that fires when the
 * client disconnects (mirrors apiserver's WithRequestInfo).
 */
export function withRequestInfo(): Filter {
  return (next) => (req, res) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const query = new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
    const controller = new AbortController();
    // 'close' on the response fires when it finished or the connection went away; only the
    // latter means the client stopped listening.
    res.once('close', () => {
      if (!res.writableFinished) controller.abort(new Error('client disconnected'));
    });
    setRequestContext(req, {
      requestInfo: newRequestInfo(req.method ?? 'GET', path, query),
      query,
      signal: controller.signal,
      abort: (reason) => controller.abort(reason),
    });
    return next(req, res);
  };
}
