/** coordination.k8s.io/v1 Lease (k8s.io/api/coordination/v1). */
import type { KubeObject } from '../../meta/v1/types.js';

export interface Lease extends KubeObject {
  spec?: {
    holderIdentity?: string;
    leaseDurationSeconds?: number;
    acquireTime?: string;
    renewTime?: string;
    leaseTransitions?: number;
    strategy?: string;
    preferredHolder?: string;
  };
}
