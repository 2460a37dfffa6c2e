/**
 * LocalSubjectAccessReview (authorization.k8s.io/v1, namespaced): a SubjectAccessReview confined to
 * its namespace, so that namespace admins may be granted it (mirrors
 * pkg/registry/authorization/localsubjectaccessreview/rest.go).
 */
import { newBadRequest, newInvalid } from '../../../api/errors/errors.js';
import type { KubeObject } from '../../../apis/meta/v1/types.js';
import type { Authorizer } from '../../../authorization/authorizer/interfaces.js';
import { invalid } from '../../../util/validation/field/errors.js';
import { namespaceValue } from '../../../endpoints/request/context.js';
import type { RESTStorage } from '../../rest/rest.js';
import {
  authorizationAttributesFrom,
  metadataIsEmpty,
  reviewStatus,
  type SubjectAccessReviewSpec,
  validateSubjectAccessReviewSpec,
} from '../util/helpers.js';

export function newLocalSubjectAccessReviewStorage(authorizer: Authorizer): RESTStorage {
  return {
    async create(ctx, obj): Promise<KubeObject> {
      const namespace = namespaceValue(ctx);
      // The body's namespace defaults to the URL's, as upstream's create handler fills it.
      const objNamespace = obj.metadata?.namespace || namespace;
      const spec = (obj.spec ?? {}) as SubjectAccessReviewSpec;
      const errs = validateSubjectAccessReviewSpec(spec);
      if (!metadataIsEmpty(obj.metadata, ['namespace'])) {
        errs.push(invalid('metadata', obj.metadata, 'must be empty except for namespace'));
      }
      if (spec.resourceAttributes && (spec.resourceAttributes.namespace ?? '') !== objNamespace) {
        errs.push(
          invalid(
            'spec.resourceAttributes.namespace',
            spec.resourceAttributes.namespace ?? '',
            'must match metadata.namespace',
          ),
        );
      }
      if (spec.nonResourceAttributes) {
        errs.push(
          invalid('spec.nonResourceAttributes', spec.nonResourceAttributes, 'disallowed on this kind of request'),
        );
      }
      if (errs.length > 0)
        throw newInvalid({ group: 'authorization.k8s.io', kind: 'LocalSubjectAccessReview' }, '', errs);
      if (namespace === '') throw newBadRequest(`namespace is required on this type: ${namespace}`);
      if (namespace !== objNamespace)
        throw newBadRequest(`spec.resourceAttributes.namespace must match namespace: ${namespace}`);
      return {
        kind: 'LocalSubjectAccessReview',
        apiVersion: 'authorization.k8s.io/v1',
        metadata: { namespace: objNamespace, creationTimestamp: null },
        spec: obj.spec,
        status: reviewStatus(authorizer, authorizationAttributesFrom(spec)),
      };
    },
  };
}
