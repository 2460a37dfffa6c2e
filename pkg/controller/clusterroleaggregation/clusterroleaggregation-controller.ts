/**
 * The ClusterRole aggregation controller (mirrors
 * pkg/controller/clusterroleaggregation/clusterroleaggregation_controller.go): a ClusterRole with
 * an aggregationRule always has, as its rules, the union of the rules of the ClusterRoles its
 * selectors match (pkg/authorization/rbac/clusterroleaggregation computes it). Any ClusterRole
 * change may change any aggregate, so every change queues every aggregating role, as upstream;
 * the set is small. Rules are written by server-side apply as `clusterrole-aggregation-controller`,
 * or by an update where the server does not support apply.
 */
import { isNotFound, StatusError } from '../../api/errors/errors.js';
import type { ClusterRole } from '../../apis/rbac/v1/types.js';
import { aggregatedRules } from '../../authorization/rbac/clusterroleaggregation/aggregate.js';
import { semanticDeepEqual } from '../../api/validation/equality.js';
import type { Clientset } from '../../client/kubernetes/clientset.js';
import { resourceType } from '../../client/kubernetes/resources.js';
import { newLister, type Lister } from '../../client/tools/cache/listers.js';
import type { SharedIndexInformer } from '../../client/tools/cache/shared-informer.js';
import { newRateLimitingQueue } from '../../client/util/workqueue/queue.js';
import * as klog from '../../klog/klog.js';
import { runController } from '../run-workers.js';

export const clusterRoles = resourceType<ClusterRole>(
  'rbac.authorization.k8s.io/v1',
  'clusterroles',
  'ClusterRole',
  false,
);

export const fieldManager = 'clusterrole-aggregation-controller';

export interface ClusterRoleAggregationOptions {
  clusterRoles: SharedIndexInformer<ClusterRole>;
  client: Clientset;
  /** For logs: the controller's name. */
  controllerName: string;
}

export class ClusterRoleAggregationController {
  private readonly queue = newRateLimitingQueue<string>();
  private readonly lister: Lister<ClusterRole>;

  constructor(private readonly opts: ClusterRoleAggregationOptions) {
    this.lister = newLister(opts.clusterRoles.getIndexer(), {
      group: 'rbac.authorization.k8s.io',
      resource: 'clusterroles',
    });
    opts.clusterRoles.addEventHandler({
      onAdd: () => this.enqueue(),
      onUpdate: () => this.enqueue(),
      onDelete: () => this.enqueue(),
    });
  }

  async run(workers: number, signal: AbortSignal): Promise<void> {
    klog.info('Starting controller', { controller: this.opts.controllerName });
    await runController(this.queue, signal, [this.opts.clusterRoles], {
      name: this.opts.controllerName,
      workers,
      sync: (name) => this.syncClusterRole(name, signal),
    });
    klog.info('Shutting down controller', { controller: this.opts.controllerName });
  }

  private enqueue(): void {
    for (const role of this.lister.list()) {
      if (role.aggregationRule && role.metadata.name) this.queue.add(role.metadata.name);
    }
  }

  /** Brings one aggregating ClusterRole's rules up to date. */
  async syncClusterRole(name: string, signal?: AbortSignal): Promise<void> {
    let role: ClusterRole;
    try {
      role = this.lister.get(name);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    const rules = aggregatedRules(role, this.lister.list());
    if (rules === undefined || semanticDeepEqual(rules, role.rules ?? [])) return;
    const client = this.opts.client.resource(clusterRoles);
    const call = signal ? { signal } : {};
    try {
      await client.apply(
        { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules },
        { fieldManager, force: true, ...call },
      );
    } catch (err) {
      // A server without server-side apply: write the whole role instead (upstream's fallback).
      if (!(err instanceof StatusError && err.code === 415)) throw err;
      await client.update({ ...structuredClone(role), rules }, call);
    }
  }
}
