/**
 * The two built-in priority classes (mirrors AddSystemPriorityClasses in
 * pkg/registry/scheduling/rest/storage_scheduling.go and pkg/apis/scheduling SystemPriorityClasses):
 * created when missing; existing ones are kept as they are.
 */
import { isAlreadyExists } from '../../api/errors/errors.js';
import type { PriorityClass } from '../../apis/scheduling/v1/types.js';
import type { RequestContext } from '../../endpoints/request/context.js';
import type { Creater } from '../../registry/rest/rest.js';

/** Upstream's values and descriptions: they are API data that clients read back. */
export const systemPriorityClasses: readonly { name: string; value: number; description: string }[] = [
  {
    name: 'system-node-critical',
    value: 2000001000,
    description: 'Used for system critical pods that must not be moved from their current node.',
  },
  {
    name: 'system-cluster-critical',
    value: 2000000000,
    description:
      'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
  },
];

function priorityClass(pc: (typeof systemPriorityClasses)[number]): PriorityClass {
  return {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: pc.name },
    value: pc.value,
    description: pc.description,
    preemptionPolicy: 'PreemptLowerPriority',
  };
}

export async function ensureSystemPriorityClasses(
  priorityClasses: Creater<PriorityClass>,
  ctx: RequestContext,
): Promise<void> {
  for (const pc of systemPriorityClasses) {
    try {
      await priorityClasses.create(ctx, priorityClass(pc));
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
  }
}
