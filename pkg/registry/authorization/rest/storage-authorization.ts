/** The authorization.k8s.io group (mirrors pkg/registry/authorization/rest): self access and rules reviews. */
import type { Authorizer } from '../../../authorization/authorizer/interfaces.js';
import type { APIGroupInfo } from '../../rest/catalog.js';
import { newSelfSubjectAccessReviewStorage } from '../selfsubjectaccessreview/rest.js';
import { newSelfSubjectRulesReviewStorage } from '../selfsubjectrulesreview/rest.js';

export function newAuthorizationGroup(authorizer: Authorizer): APIGroupInfo {
  return {
    group: 'authorization.k8s.io',
    versions: [
      {
        version: 'v1',
        resources: [
          {
            resource: 'selfsubjectaccessreviews',
            singularName: 'selfsubjectaccessreview',
            kind: 'SelfSubjectAccessReview',
            namespaced: false,
            storage: newSelfSubjectAccessReviewStorage(authorizer),
          },
          {
            resource: 'selfsubjectrulesreviews',
            singularName: 'selfsubjectrulesreview',
            kind: 'SelfSubjectRulesReview',
            namespaced: false,
            storage: newSelfSubjectRulesReviewStorage(authorizer),
          },
        ],
      },
    ],
  };
}
