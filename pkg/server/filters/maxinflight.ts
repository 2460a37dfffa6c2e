import { systemPrivilegedGroup } from '../../authentication/user/user.js';
import { requestContextFrom } from '../../endpoints/request/context.js';
import { isLongRunning } from '../../endpoints/request/requestinfo.js';
import { writePlain } from '../../endpoints/handlers/responsewriters/writers.js';
import type { Filter } from '../mux/mux.js';

/** Upstream's verbs that do not change anything; every other verb (HEAD and OPTIONS of non-resource paths too) counts as mutating. */
const nonMutatingVerbs: ReadonlySet<string> = new Set(['get', 'list', 'watch']);

/** Seconds a refused client is told to wait, as upstream's filter says. */
export const retryAfterSeconds = '1';
export const tooManyRequestsMessage = 'Too many requests, please try again later.';

/** The probes upstream's API Priority and Fairness exempts (its "probes" flow schema): a busy server is not a dead one. */
const healthProbe = /^\/(healthz|livez|readyz)(\/|$)/;

/**
 * Sheds load (mirrors apiserver's WithMaxInFlightLimit, the filter upstream runs when API Priority
 * and Fairness is off): at most `nonMutatingLimit` reads and `mutatingLimit` writes run at once,
 * each limit 0 for none. A request beyond them is answered at once with 429, `Retry-After: 1` and
 * upstream's plain-text message, so overload costs a few bytes instead of work that piles up in
 * memory. Not counted: long-running requests (watches, exec, logs), which hold a connection but no
 * share of the server's work, and the health probes. Never refused: members of system:masters, as
 * upstream lets them past a full limit, so an admin can always get in.
 *
 * A request holds its slot until its response is finished or its connection is gone.
 */
export function withMaxInFlightLimit(nonMutatingLimit: number, mutatingLimit: number): Filter {
  const limits = { mutating: mutatingLimit, readOnly: nonMutatingLimit };
  const inFlight = { mutating: 0, readOnly: 0 };
  return (next) => (req, res) => {
    const ctx = requestContextFrom(req);
    const info = ctx.requestInfo;
    if (isLongRunning(info) || (!info.isResourceRequest && healthProbe.test(info.path))) return next(req, res);
    const kind = nonMutatingVerbs.has(info.verb) ? 'readOnly' : 'mutating';
    const limit = limits[kind];
    if (limit === 0) return next(req, res);
    if (inFlight[kind] >= limit) {
      if (ctx.user?.groups.includes(systemPrivilegedGroup)) return next(req, res);
      res.setHeader('Retry-After', retryAfterSeconds);
      // Plain text, as upstream's http.Error answers, with the same trailing newline.
      writePlain(res, 429, `${tooManyRequestsMessage}\n`);
      return undefined;
    }
    inFlight[kind]++;
    res.once('close', () => inFlight[kind]--);
    return next(req, res);
  };
}
