/** The authentication.k8s.io group (mirrors pkg/registry/authentication/rest): self reviews. */
import type { APIGroupInfo } from '../../rest/catalog.js';
import { selfSubjectReviewStorage } from '../selfsubjectreview/rest.js';

export function newAuthenticationGroup(): APIGroupInfo {
  return {
    group: 'authentication.k8s.io',
    versions: [
      {
        version: 'v1',
        resources: [
          {
            resource: 'selfsubjectreviews',
            singularName: 'selfsubjectreview',
            kind: 'SelfSubjectReview',
            namespaced: false,
            storage: selfSubjectReviewStorage,
          },
        ],
      },
    ],
  };
}
