/**
 * TokenReview (authentication.k8s.io/v1): who is this bearer token? For webhooks and aggregated
 * servers; answered by the server's token authenticators, nothing stored (mirrors
 * pkg/registry/authentication/tokenreview/storage.go).
 */
import { newBadRequest, newInternalError } from '../../../api/errors/errors.js';
import type { KubeObject } from '../../../apis/meta/v1/types.js';
import type { UserInfo } from '../../../authentication/user/user.js';
import { namespaceValue } from '../../../endpoints/request/context.js';
import type { RESTStorage } from '../../rest/rest.js';

/** Authenticates one bearer token for `audiences`; undefined when no authenticator knows it, a throw when it is bad. */
export type TokenReviewAuthenticator = (
  token: string,
  audiences: readonly string[],
) => Promise<{ user: UserInfo; audiences: string[] } | undefined>;

interface TokenReviewSpec {
  token?: string;
  audiences?: string[];
}

export function newTokenReviewStorage(
  authenticate: TokenReviewAuthenticator,
  apiAudiences: readonly string[],
): RESTStorage {
  return {
    async create(ctx, obj): Promise<KubeObject> {
      const namespace = namespaceValue(ctx);
      if (namespace !== '') throw newBadRequest(`namespace is not allowed on this type: ${namespace}`);
      const spec = (obj.spec ?? {}) as TokenReviewSpec;
      if (!spec.token) throw newBadRequest('token is required for TokenReview in authentication');
      const audiences = spec.audiences?.length ? spec.audiences : [...apiAudiences];
      const status: Record<string, unknown> = { authenticated: false };
      let resp: { user: UserInfo; audiences: string[] } | undefined;
      try {
        resp = await authenticate(spec.token, audiences);
      } catch (err) {
        status.error = err instanceof Error ? err.message : String(err);
      }
      if (resp) {
        // an authenticator that ignored the audiences asked for is a server bug, not a client one
        if (audiences.length > 0 && !resp.audiences.some((a) => audiences.includes(a))) {
          throw newInternalError(new Error('error validating audiences'));
        }
        status.authenticated = true;
        const { name, uid, groups, extra } = resp.user;
        const user: Record<string, unknown> = { username: name, groups };
        if (uid) user.uid = uid;
        if (extra && Object.keys(extra).length > 0) user.extra = extra;
        status.user = user;
        status.audiences = resp.audiences;
      }
      return {
        kind: 'TokenReview',
        apiVersion: 'authentication.k8s.io/v1',
        metadata: { creationTimestamp: null },
        spec: obj.spec,
        status,
      };
    },
  };
}
