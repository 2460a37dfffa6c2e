/**
 * SelfSubjectRulesReview (authorization.k8s.io/v1; `kubectl auth can-i --list`): everything the
 * caller may do in a namespace, from the configured authorizer; nothing stored.
 */
import { newInvalid } from '../../../api/errors/errors.js';
import type { KubeObject } from '../../../apis/meta/v1/types.js';
import type { Authorizer } from '../../../authorization/authorizer/interfaces.js';
import { required } from '../../../util/validation/field/errors.js';
import type { Creater } from '../../rest/rest.js';
import { userFrom } from '../../../endpoints/request/context.js';

/** authorization.k8s.io/v1 SelfSubjectRulesReview; status is what the authorizer says (SubjectRulesReviewStatus). */
export interface SelfSubjectRulesReview extends KubeObject {
  spec?: { namespace?: string };
}

export function newSelfSubjectRulesReviewStorage(authorizer: Authorizer): Creater<SelfSubjectRulesReview> {
  return {
    async create(ctx, obj) {
      const spec = obj.spec ?? {};
      if (!spec.namespace) {
        throw newInvalid({ group: 'authorization.k8s.io', kind: 'SelfSubjectRulesReview' }, '', [
          required('spec.namespace', 'namespace is required'),
        ]);
      }
      const rules = authorizer.rulesFor(userFrom(ctx), spec.namespace);
      return {
        kind: 'SelfSubjectRulesReview',
        apiVersion: 'authorization.k8s.io/v1',
        metadata: { creationTimestamp: null },
        spec: obj.spec,
        status: rules,
      };
    },
  };
}
