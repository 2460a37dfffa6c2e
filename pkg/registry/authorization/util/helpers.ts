/**
 * Access reviews answered by the authorizer (mirrors pkg/registry/authorization/util/helpers.go and
 * the review validation of pkg/apis/authorization/validation): the attributes a review asks about,
 * the checks on its spec, and the status the authorizer's decision becomes.
 */
import type { ObjectMeta } from '../../../apis/meta/v1/types.js';
import type { UserInfo } from '../../../authentication/user/user.js';
import type { Attributes, Authorizer } from '../../../authorization/authorizer/interfaces.js';
import { type FieldError, invalid } from '../../../util/validation/field/errors.js';

export interface ResourceAttributes {
  namespace?: string;
  verb?: string;
  group?: string;
  version?: string;
  resource?: string;
  subresource?: string;
  name?: string;
}

export interface NonResourceAttributes {
  path?: string;
  verb?: string;
}

export interface SubjectAccessReviewSpec {
  resourceAttributes?: ResourceAttributes | null;
  nonResourceAttributes?: NonResourceAttributes | null;
  user?: string;
  groups?: string[];
  extra?: Record<string, string[]>;
  uid?: string;
}

export interface SubjectAccessReviewStatus {
  allowed: boolean;
  denied?: boolean;
  reason?: string;
  evaluationError?: string;
}

/** The attributes of a resource review; an empty version means any (upstream matchAllVersionIfEmpty). */
export function resourceAttributesFrom(user: UserInfo, a: ResourceAttributes): Attributes {
  return {
    user,
    verb: a.verb ?? '',
    namespace: a.namespace ?? '',
    apiGroup: a.group ?? '',
    apiVersion: a.version || '*',
    resource: a.resource ?? '',
    subresource: a.subresource ?? '',
    name: a.name ?? '',
    isResourceRequest: true,
  };
}

export function nonResourceAttributesFrom(user: UserInfo, a: NonResourceAttributes): Attributes {
  return { user, verb: a.verb ?? '', path: a.path ?? '', isResourceRequest: false };
}

/** The user a SubjectAccessReview asks about, and the request it asks about. */
export function authorizationAttributesFrom(spec: SubjectAccessReviewSpec): Attributes {
  const user: UserInfo = { name: spec.user ?? '', groups: [...(spec.groups ?? [])] };
  if (spec.uid) user.uid = spec.uid;
  if (spec.extra && Object.keys(spec.extra).length > 0) user.extra = spec.extra;
  return spec.resourceAttributes
    ? resourceAttributesFrom(user, spec.resourceAttributes)
    : nonResourceAttributesFrom(user, spec.nonResourceAttributes ?? {});
}

/** Upstream ValidateSubjectAccessReviewSpec. */
export function validateSubjectAccessReviewSpec(spec: SubjectAccessReviewSpec): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.resourceAttributes && spec.nonResourceAttributes) {
    errs.push(
      invalid(
        'spec.nonResourceAttributes',
        spec.nonResourceAttributes,
        'cannot be specified in combination with resourceAttributes',
      ),
    );
  }
  if (!spec.resourceAttributes && !spec.nonResourceAttributes) {
    errs.push(
      invalid(
        'spec.resourceAttributes',
        null,
        'exactly one of nonResourceAttributes or resourceAttributes must be specified',
      ),
    );
  }
  if (!spec.user && (spec.groups ?? []).length === 0) {
    errs.push(invalid('spec.user', spec.user ?? '', 'at least one of user or group must be specified'));
  }
  return errs;
}

/** The authorizer's answer as a review status (omitting what Go omits when empty). */
export function reviewStatus(authorizer: Authorizer, attrs: Attributes): SubjectAccessReviewStatus {
  const { decision, reason } = authorizer.authorize(attrs);
  const status: SubjectAccessReviewStatus = { allowed: decision === 'Allow' };
  if (decision === 'Deny') status.denied = true;
  if (reason !== '') status.reason = reason;
  return status;
}

/** True when the object's metadata holds nothing but, optionally, the listed keys (managedFields never counts). */
export function metadataIsEmpty(metadata: ObjectMeta | undefined, allowed: readonly string[] = []): boolean {
  // Go compares against an empty ObjectMeta: zero values ("", null, {}, []) count as empty
  return Object.entries(metadata ?? {}).every(
    ([key, value]) =>
      allowed.includes(key) ||
      key === 'managedFields' ||
      value === undefined ||
      value === null ||
      value === '' ||
      (typeof value === 'object' && Object.keys(value).length === 0),
  );
}
