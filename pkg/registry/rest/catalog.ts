/**
 * The resource catalog: what the HTTP layer installs routes for and serves discovery from
 * (/api, /apis, /apis/<group>/<version>, aggregated discovery). Mirrors upstream's
 * genericapiserver APIGroupInfo plus the per-resource facts discovery publishes
 * (metav1.APIResource / apidiscovery v2 APIResourceDiscovery).
 *
 * @example
 * const apps: APIGroupInfo = {
 *   group: 'apps',
 *   versions: [{ version: 'v1', resources: [{
 *     resource: 'deployments', singularName: 'deployment', kind: 'Deployment', namespaced: true,
 *     shortNames: ['deploy'], categories: ['all'], storage: deploymentStore,
 *     subresources: [
 *       { name: 'status', kind: { group: 'apps', version: 'v1', kind: 'Deployment' }, storage: statusStore },
 *       { name: 'scale', kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, storage: scaleStore },
 *     ],
 *   }] }],
 * };
 *
 * Verbs are not listed: they follow from the storage's methods (`verbsOf` in ./rest.ts), so the
 * routes and the discovery documents cannot disagree.
 */
import type { GroupVersionKind } from '../../apis/meta/v1/types.js';
import type { RESTStorage } from './rest.js';

export interface APIGroupInfo {
  /** '' for the legacy core group served under /api. */
  group: string;
  /** Served versions, most preferred first (the first is discovery's preferredVersion). */
  versions: APIGroupVersionInfo[];
}

export interface APIGroupVersionInfo {
  version: string;
  resources: APIResourceInfo[];
}

export interface APIResourceInfo {
  /** Plural, lower-case: the URL segment (`deployments`). */
  resource: string;
  singularName: string;
  /** The kind of objects in this group version (`Deployment`). */
  kind: string;
  namespaced: boolean;
  shortNames?: string[];
  /** e.g. ['all'] for resources `kubectl get all` shows. */
  categories?: string[];
  storage: RESTStorage;
  subresources?: APISubresourceInfo[];
  /** Discovery's storageVersionHash (base64 of a hash of the stored group/version/kind), if published. */
  storageVersionHash?: string;
}

export interface APISubresourceInfo {
  /** 'status' | 'scale' | 'binding' | 'eviction' | 'finalize' | 'approval' | … */
  name: string;
  /** The kind the subresource reads and writes (the parent's kind for status; autoscaling/v1 Scale for scale). */
  kind: GroupVersionKind;
  storage: RESTStorage;
}
