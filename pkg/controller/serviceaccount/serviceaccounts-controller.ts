/**
 * The service account controller (mirrors pkg/controller/serviceaccount/serviceaccounts_controller.go):
 * every active namespace has the `default` ServiceAccount. A namespace that appears or changes,
 * or a `default` account that is deleted, queues its namespace; the sync creates what is missing.
 * A terminating namespace gets nothing (creating in it would fail anyway).
 */
import { isAlreadyExists, isNotFound } from '../../api/errors/errors.js';
import type { Namespace, ServiceAccount } from '../../apis/core/v1/types.js';
import type { Clientset } from '../../client/kubernetes/clientset.js';
import { serviceAccounts } from '../../client/kubernetes/resources.js';
import { newLister, type Lister } from '../../client/tools/cache/listers.js';
import type { SharedIndexInformer } from '../../client/tools/cache/shared-informer.js';
import { DeletedFinalStateUnknown } from '../../client/tools/cache/store.js';
import { newRateLimitingQueue, type RateLimitingQueue } from '../../client/util/workqueue/queue.js';
import * as klog from '../../klog/klog.js';
import { isNamespaceTerminating } from '../namespace-terminating.js';
import { runController } from '../run-workers.js';

export interface ServiceAccountsControllerOptions {
  serviceAccounts: SharedIndexInformer<ServiceAccount>;
  namespaces: SharedIndexInformer<Namespace>;
  client: Clientset;
  /** The accounts every namespace gets (upstream DefaultServiceAccountsControllerOptions: `default`). */
  names?: readonly string[];
}

export class ServiceAccountsController {
  private readonly names: readonly string[];
  private readonly saLister: Lister<ServiceAccount>;
  private readonly nsLister: Lister<Namespace>;
  private readonly queue: RateLimitingQueue<string> = newRateLimitingQueue<string>();

  constructor(private readonly opts: ServiceAccountsControllerOptions) {
    this.names = opts.names ?? ['default'];
    this.saLister = newLister(opts.serviceAccounts.getIndexer(), { group: '', resource: 'serviceaccounts' });
    this.nsLister = newLister(opts.namespaces.getIndexer(), { group: '', resource: 'namespaces' });
    opts.serviceAccounts.addEventHandler({
      onDelete: (obj) => {
        const sa = obj instanceof DeletedFinalStateUnknown ? obj.obj : obj;
        if (this.names.includes(sa.metadata.name ?? '') && sa.metadata.namespace) this.queue.add(sa.metadata.namespace);
      },
    });
    opts.namespaces.addEventHandler({
      onAdd: (ns) => this.enqueueNamespace(ns),
      onUpdate: (_old, ns) => this.enqueueNamespace(ns),
    });
  }

  async run(workers: number, signal: AbortSignal): Promise<void> {
    const name = 'service account';
    klog.info('Starting service account controller');
    await runController(this.queue, signal, [this.opts.serviceAccounts, this.opts.namespaces], {
      name,
      workers,
      sync: (ns) => this.syncNamespace(ns, signal),
    });
    klog.info('Shutting down service account controller');
  }

  private enqueueNamespace(ns: Namespace): void {
    if (ns.metadata.name) this.queue.add(ns.metadata.name);
  }

  /** Creates the missing accounts of one namespace. */
  async syncNamespace(name: string, signal?: AbortSignal): Promise<void> {
    let ns: Namespace;
    try {
      ns = this.nsLister.get(name);
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    if (ns.status?.phase !== 'Active') return;
    for (const saName of this.names) {
      try {
        this.saLister.namespace(name).get(saName);
        continue;
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
      try {
        await this.opts.client
          .resource(serviceAccounts)
          .namespace(name)
          .create({ metadata: { name: saName } }, signal ? { signal } : {});
      } catch (err) {
        if (!isAlreadyExists(err) && !isNamespaceTerminating(err)) throw err;
      }
    }
  }
}
