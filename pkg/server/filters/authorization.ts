import type { Attributes, Authorizer } from '../../authorization/authorizer/interfaces.js';
import { forbiddenStatusError } from '../../authorization/authorizer/forbidden.js';
import { writeError } from '../../endpoints/handlers/responsewriters/writers.js';
import { type RequestContext, requestContextFrom, userFrom } from '../../endpoints/request/context.js';
import * as klog from '../../klog/klog.js';
import type { Filter } from '../mux/mux.js';

/**
 * Authorization (mirrors apiserver's filters.WithAuthorization): every request's attributes —
 * user, verb, and the resource or path — go to the configured authorizer; anything but Allow is
 * answered 403 Forbidden with upstream's message, the authorizer's reason after it.
 */
export function withAuthorization(authorizer: Authorizer): Filter {
  return (next) => (req, res) => {
    const ctx = requestContextFrom(req);
    const attrs = attributesOf(ctx);
    const { decision, reason } = authorizer.authorize(attrs);
    if (decision === 'Allow') return next(req, res);
    klog.v(4).info('Forbidden', { user: attrs.user.name, verb: attrs.verb, path: ctx.requestInfo.path, reason });
    return writeError(res, forbiddenStatusError(attrs, reason), req);
  };
}

/** A request's authorization attributes (upstream GetAuthorizerAttributes). */
export function attributesOf(ctx: RequestContext): Attributes {
  const info = ctx.requestInfo;
  if (!info.isResourceRequest)
    return { user: userFrom(ctx), verb: info.verb, path: info.path, isResourceRequest: false };
  return {
    user: userFrom(ctx),
    verb: info.verb,
    namespace: info.namespace,
    apiGroup: info.apiGroup,
    apiVersion: info.apiVersion,
    resource: info.resource,
    subresource: info.subresource,
    name: info.name,
    isResourceRequest: true,
  };
}
