/** scheduling.k8s.io/v1 PriorityClass (k8s.io/api/scheduling/v1). */
import type { KubeObject } from '../../meta/v1/types.js';

export interface PriorityClass extends KubeObject {
  value?: number;
  globalDefault?: boolean;
  description?: string;
  preemptionPolicy?: string;
}
