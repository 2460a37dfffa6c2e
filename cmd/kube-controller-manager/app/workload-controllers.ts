import type { ControllerDescriptor } from './controller-context.js';

/** The workload controllers (deployment, replicaset, job, …): registered by their own change. */
export const workloadControllerDescriptors: ControllerDescriptor[] = [];
