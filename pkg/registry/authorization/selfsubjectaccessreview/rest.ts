/**
 * SelfSubjectAccessReview (authorization.k8s.io/v1; `kubectl auth can-i`): may the caller do this?
 * Answered by the configured authorizer, nothing stored (mirrors upstream's
 * pkg/registry/authorization/selfsubjectaccessreview).
 */
import { newInvalid } from '../../../api/errors/errors.js';
import type { KubeObject } from '../../../apis/meta/v1/types.js';
import type { Attributes, Authorizer } from '../../../authorization/authorizer/interfaces.js';
import { invalid, type FieldError } from '../../../util/validation/field/errors.js';
import type { Creater } from '../../rest/rest.js';
import { userFrom } from '../../../endpoints/request/context.js';

interface ResourceAttributes {
  namespace?: string;
  verb?: string;
  group?: string;
  version?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}

interface NonResourceAttributes {
  path?: string;
  verb?: string;
}

/** authorization.k8s.io/v1 SelfSubjectAccessReview. */
export interface SelfSubjectAccessReview extends KubeObject {
  spec?: { resourceAttributes?: ResourceAttributes; nonResourceAttributes?: NonResourceAttributes };
  status?: { allowed: boolean; denied?: boolean; reason?: string };
}

export function newSelfSubjectAccessReviewStorage(authorizer: Authorizer): Creater<SelfSubjectAccessReview> {
  return {
    async create(ctx, obj) {
      const spec = obj.spec ?? {};
      const errs = validateSpec(spec);
      if (errs.length > 0)
        throw newInvalid({ group: 'authorization.k8s.io', kind: 'SelfSubjectAccessReview' }, '', errs);
      const attrs: Attributes = spec.resourceAttributes
        ? {
            user: userFrom(ctx),
            isResourceRequest: true,
            verb: spec.resourceAttributes.verb ?? '',
            namespace: spec.resourceAttributes.namespace ?? '',
            apiGroup: spec.resourceAttributes.group ?? '',
            apiVersion: spec.resourceAttributes.version ?? '',
            resource: spec.resourceAttributes.resource ?? '',
            subresource: spec.resourceAttributes.subresource ?? '',
            name: spec.resourceAttributes.name ?? '',
          }
        : {
            user: userFrom(ctx),
            isResourceRequest: false,
            verb: spec.nonResourceAttributes?.verb ?? '',
            path: spec.nonResourceAttributes?.path ?? '',
          };
      const result = authorizer.authorize(attrs);
      const status: NonNullable<SelfSubjectAccessReview['status']> = { allowed: result.decision === 'Allow' };
      if (result.decision === 'Deny') status.denied = true;
      if (result.reason) status.reason = result.reason;
      return {
        kind: 'SelfSubjectAccessReview',
        apiVersion: 'authorization.k8s.io/v1',
        metadata: { creationTimestamp: null },
        spec: obj.spec,
        status,
      };
    },
  };
}

/** Exactly one of resourceAttributes and nonResourceAttributes, as upstream's validation demands. */
function validateSpec(spec: { resourceAttributes?: unknown; nonResourceAttributes?: unknown }): FieldError[] {
  if (spec.resourceAttributes && spec.nonResourceAttributes) {
    return [
      invalid(
        'spec.nonResourceAttributes',
        spec.nonResourceAttributes,
        'cannot be specified in combination with resourceAttributes',
      ),
    ];
  }
  if (!spec.resourceAttributes && !spec.nonResourceAttributes) {
    return [
      invalid(
        'spec.resourceAttributes',
        null,
        'exactly one of nonResourceAttributes or resourceAttributes must be specified',
      ),
    ];
  }
  return [];
}
