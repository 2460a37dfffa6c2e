/**
 * What the OpenAPI documents describe: the served group versions and, per resource, its kind,
 * scope, verbs and subresources. Plain data, built from the API catalog by the server's OpenAPI
 * route (pkg/server/routes/openapi.ts) or by hand in tests.
 */
import type { GroupVersionKind } from '../apis/meta/v1/types.js';

/** Discovery verbs: get list watch create update patch delete deletecollection. */
export type ResourceVerb = string;

export interface OpenAPISubresource {
  /** `status`, `scale`, `token`, `binding`, … */
  name: string;
  /** The kind it reads and writes (autoscaling/v1 Scale for scale; the parent's kind for status). */
  kind: GroupVersionKind;
  verbs: readonly ResourceVerb[];
}

export interface OpenAPIResource {
  /** Plural, the URL segment. */
  resource: string;
  kind: string;
  namespaced: boolean;
  verbs: readonly ResourceVerb[];
  subresources?: readonly OpenAPISubresource[];
}

export interface OpenAPIGroupVersion {
  /** '' for the core group served under /api/v1. */
  group: string;
  version: string;
  resources: readonly OpenAPIResource[];
}

/** `/api/v1` or `/apis/apps/v1`: where a group version's resources live. */
export function groupVersionPath(gv: { group: string; version: string }): string {
  return gv.group === '' ? `/api/${gv.version}` : `/apis/${gv.group}/${gv.version}`;
}

/** The key of a group version in the /openapi/v3 index: `api/v1`, `apis/apps/v1`. */
export function openAPIV3Key(gv: { group: string; version: string }): string {
  return groupVersionPath(gv).slice(1);
}
