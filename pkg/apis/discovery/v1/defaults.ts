/** discovery/v1 defaulting (mirrors pkg/apis/discovery/v1/defaults.go): ports get a name ("") and TCP. */
import type { EndpointSlice } from './types.js';

export function setDefaultsEndpointSlice(es: EndpointSlice): void {
  for (const p of es.ports ?? []) {
    if (p.name === undefined || p.name === null) p.name = '';
    if (!p.protocol) p.protocol = 'TCP';
  }
}
