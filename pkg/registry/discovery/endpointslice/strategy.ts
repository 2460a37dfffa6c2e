/**
 * EndpointSlice policy (mirrors pkg/registry/discovery/endpointslice/strategy.go): generation 1
 * on create, +1 when anything but metadata changes (endpoints, ports, addressType) or the labels do.
 */
import { setDefaultsEndpointSlice } from '../../../apis/discovery/v1/defaults.js';
import type { EndpointSlice } from '../../../apis/discovery/v1/types.js';
import { validateEndpointSlice, validateEndpointSliceUpdate } from '../../../apis/discovery/validation/validation.js';
import { initGeneration, jsonEqual } from '../../rest/status.js';
import { plainStrategy } from '../../strategies.js';

function withoutMeta(es: EndpointSlice): Record<string, unknown> {
  const { metadata: _m, apiVersion: _a, kind: _k, ...rest } = es;
  return rest;
}

export const endpointSliceStrategy = plainStrategy<EndpointSlice>({
  namespaced: true,
  defaults: setDefaultsEndpointSlice,
  validate: validateEndpointSlice,
  validateUpdate: validateEndpointSliceUpdate,
  prepareForCreate: initGeneration,
  prepareForUpdate(es, old) {
    if (
      !jsonEqual(withoutMeta(es), withoutMeta(old)) ||
      !jsonEqual(es.metadata.labels ?? {}, old.metadata.labels ?? {})
    ) {
      es.metadata.generation = (old.metadata.generation ?? 0) + 1;
    }
  },
});
