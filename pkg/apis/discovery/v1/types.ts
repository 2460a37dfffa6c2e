/** discovery.k8s.io/v1 EndpointSlice (k8s.io/api/discovery/v1). */
import type { KubeObject } from '../../meta/v1/types.js';
import type { ObjectReference } from '../../core/v1/types.js';

export interface Endpoint {
  addresses?: string[];
  conditions?: { ready?: boolean; serving?: boolean; terminating?: boolean };
  hostname?: string;
  targetRef?: ObjectReference;
  nodeName?: string;
  zone?: string;
  hints?: { forZones?: { name?: string }[]; forNodes?: { name?: string }[] };
}

export interface EndpointSlice extends KubeObject {
  addressType?: string;
  endpoints?: Endpoint[];
  ports?: { name?: string; protocol?: string; port?: number; appProtocol?: string }[];
}
