/**
 * Authentication (mirrors apiserver's filters.WithAuthentication): every request must come from a
 * known user, except the public-info endpoints, which anonymous callers may read as upstream's
 * default system:public-info-viewer role allows. Until an authorizer exists, an anonymous caller
 * anywhere else is answered 401 rather than let in: anonymous access is limited to those paths,
 * like the anonymous-endpoint conditions of upstream's structured authentication config.
 */
import type { IncomingMessage } from 'node:http';
import { newUnauthorized } from '../../api/errors/errors.js';
import type { RequestAuthenticator } from '../../authentication/authenticator/interfaces.js';
import { allAuthenticated, allUnauthenticated, anonymousUser, type UserInfo } from '../../authentication/user/user.js';
import { requestContextFrom } from '../../endpoints/request/context.js';
import { writeError } from '../../endpoints/handlers/responsewriters/writers.js';
import * as klog from '../../klog/klog.js';
import type { Filter } from '../mux/mux.js';

/** Paths an anonymous caller may read: liveness, readiness and the version. */
export const publicInfoPaths: ReadonlySet<string> = new Set(['/healthz', '/livez', '/readyz', '/version', '/version/']);

export function isPublicInfoPath(path: string): boolean {
  return publicInfoPaths.has(path) || /^\/(healthz|livez|readyz)\/[^/]+$/.test(path);
}

export interface AuthenticationConfig {
  authenticator: RequestAuthenticator;
  /** --anonymous-auth: let requests without credentials through as system:anonymous on public-info paths. */
  anonymous: boolean;
}

export function withAuthentication(config: AuthenticationConfig): Filter {
  return (next) => (req, res) => {
    const ctx = requestContextFrom(req);
    let user: UserInfo | undefined;
    try {
      user = config.authenticator(req);
    } catch (err) {
      klog.v(2).info('Unable to authenticate the request', {
        err: err instanceof Error ? err.message : String(err),
        path: ctx.requestInfo.path,
      });
      return writeError(res, newUnauthorized(), req);
    }
    if (user) {
      ctx.user = withAuthenticatedGroup(user);
    } else if (config.anonymous && isPublicInfoPath(ctx.requestInfo.path)) {
      ctx.user = { name: anonymousUser, groups: [allUnauthenticated] };
    } else {
      return writeError(res, newUnauthorized(), req);
    }
    // Credentials must not reach anything behind this filter (e.g. a proxied backend).
    stripCredentials(req);
    return next(req, res);
  };
}

/** Every authenticated user is also in system:authenticated, as upstream's group adder makes it. */
function withAuthenticatedGroup(user: UserInfo): UserInfo {
  return user.groups.includes(allAuthenticated) ? user : { ...user, groups: [...user.groups, allAuthenticated] };
}

function stripCredentials(req: IncomingMessage): void {
  delete req.headers.authorization;
}
