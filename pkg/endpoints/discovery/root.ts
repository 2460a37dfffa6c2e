/**
 * The root discovery endpoints: `/api` (the core group's versions) and `/apis` (every named
 * group), each also in its aggregated form. Upstream serves /api from kube-apiserver and /apis
 * from the aggregator, which merges what every server of the chain serves; so does this.
 */
import type { APIGroupInfo } from '../../registry/rest/catalog.js';
import type { PathRecorderMux } from '../../server/handler.js';
import { apiGroupDiscoveryList, apiGroupList, apiVersions } from './documents.js';
import { rootDocument } from './handler.js';

/** Installs `/api` for the core group; `serverAddress` is what clients are told to use. */
export function installLegacyRoot(mux: PathRecorderMux, core: APIGroupInfo, serverAddress: string): void {
  mux.handle(
    '/api',
    rootDocument(apiVersions(core, serverAddress), (v) => apiGroupDiscoveryList([core], v)),
  );
}

/** Installs `/apis` listing `groups` (named groups only; preferred first as given). */
export function installGroupsRoot(mux: PathRecorderMux, groups: readonly APIGroupInfo[]): void {
  const named = groups.filter((g) => g.group !== '');
  mux.handle(
    '/apis',
    rootDocument(apiGroupList(named), (v) => apiGroupDiscoveryList(named, v)),
  );
}
