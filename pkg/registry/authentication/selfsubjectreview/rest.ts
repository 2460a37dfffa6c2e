/**
 * SelfSubjectReview (authentication.k8s.io/v1; `kubectl auth whoami`): a create-only resource that
 * stores nothing and answers with the caller's own user info (mirrors upstream's
 * pkg/registry/authentication/selfsubjectreview).
 */
import type { KubeObject } from '../../../apis/meta/v1/types.js';
import type { RESTStorage } from '../../rest/rest.js';
import { userFrom } from '../../../endpoints/request/context.js';

export const selfSubjectReviewStorage: RESTStorage = {
  async create(ctx, _obj): Promise<KubeObject> {
    const { name, uid, groups, extra } = userFrom(ctx);
    const userInfo: Record<string, unknown> = { username: name, groups };
    if (uid) userInfo.uid = uid;
    if (extra && Object.keys(extra).length > 0) userInfo.extra = extra;
    return {
      kind: 'SelfSubjectReview',
      apiVersion: 'authentication.k8s.io/v1',
      metadata: { creationTimestamp: null },
      status: { userInfo },
    };
  },
};
