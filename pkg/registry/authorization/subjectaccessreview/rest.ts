/**
 * SubjectAccessReview (authorization.k8s.io/v1): may this user, with these groups, do this? For
 * webhooks and delegated authorization; answered by the configured authorizer, nothing stored
 * (mirrors pkg/registry/authorization/subjectaccessreview/rest.go).
 */
import { newInvalid } from '../../../api/errors/errors.js';
import type { KubeObject } from '../../../apis/meta/v1/types.js';
import type { Authorizer } from '../../../authorization/authorizer/interfaces.js';
import { invalid } from '../../../util/validation/field/errors.js';
import type { RESTStorage } from '../../rest/rest.js';
import {
  authorizationAttributesFrom,
  metadataIsEmpty,
  reviewStatus,
  type SubjectAccessReviewSpec,
  validateSubjectAccessReviewSpec,
} from '../util/helpers.js';

export function newSubjectAccessReviewStorage(authorizer: Authorizer): RESTStorage {
  return {
    async create(_ctx, obj): Promise<KubeObject> {
      const spec = (obj.spec ?? {}) as SubjectAccessReviewSpec;
      const errs = validateSubjectAccessReviewSpec(spec);
      if (!metadataIsEmpty(obj.metadata)) errs.push(invalid('metadata', obj.metadata, 'must be empty'));
      if (errs.length > 0) throw newInvalid({ group: 'authorization.k8s.io', kind: 'SubjectAccessReview' }, '', errs);
      return {
        kind: 'SubjectAccessReview',
        apiVersion: 'authorization.k8s.io/v1',
        metadata: { creationTimestamp: null },
        spec: obj.spec,
        status: reviewStatus(authorizer, authorizationAttributesFrom(spec)),
      };
    },
  };
}
