/**
 * The root discovery endpoints: `/api` (the core group's versions) and `/apis` (every named
 * group), each also in its aggregated form, built from the catalog and rebuilt when it changes.
 * Upstream serves /api from kube-apiserver and /apis from the aggregator, which merges what every
 * server of the chain serves; so does this.
 */
import type { HandlerFunc } from '../../server/mux/mux.js';
import type { APICatalog } from '../catalog/catalog.js';
import { apiGroupDiscoveryList, apiGroupList, apiVersions } from './documents.js';
import { rootDocument } from './handler.js';

/** `/api` for the core group; `serverAddress` is what clients are told to use. */
export function legacyRootHandler(catalog: APICatalog, serverAddress: string): HandlerFunc {
  const core = () => catalog.groups().filter((g) => g.group === '');
  return rootDocument(
    () => catalog.revision,
    () => apiVersions(core()[0], serverAddress),
    (v) => apiGroupDiscoveryList(core(), v),
  );
}

/** `/apis`: every named group, in discovery order. */
export function groupsRootHandler(catalog: APICatalog): HandlerFunc {
  const named = () => catalog.groups().filter((g) => g.group !== '');
  return rootDocument(
    () => catalog.revision,
    () => apiGroupList(named()),
    (v) => apiGroupDiscoveryList(named(), v),
  );
}
