/**
 * The root CA certificate publisher (mirrors pkg/controller/certificates/rootcacertpublisher/publisher.go):
 * every active namespace has the ConfigMap `kube-root-ca.crt` holding the cluster CA under
 * `ca.crt`, which service-account token volumes mount so pods can verify the apiserver. A new or
 * changed namespace, or the ConfigMap deleted or edited, queues the namespace; the sync creates the
 * ConfigMap or puts its data and description back.
 */
import { isAlreadyExists, isNotFound } from '../../api/errors/errors.js';
import type { ConfigMap, Namespace } from '../../apis/core/v1/types.js';
import type { Clientset } from '../../client/kubernetes/clientset.js';
import { configMaps } from '../../client/kubernetes/resources.js';
import { newLister, type Lister } from '../../client/tools/cache/listers.js';
import type { SharedIndexInformer } from '../../client/tools/cache/shared-informer.js';
import { DeletedFinalStateUnknown } from '../../client/tools/cache/store.js';
import { newRateLimitingQueue } from '../../client/util/workqueue/queue.js';
import * as klog from '../../klog/klog.js';
import { isNamespaceTerminating } from '../namespace-terminating.js';
import { runController } from '../run-workers.js';

/** upstream RootCACertConfigMapName. */
export const rootCACertConfigMapName = 'kube-root-ca.crt';
export const descriptionAnnotation = 'kubernetes.io/description';
/** The description upstream puts on every copy. */
export const description =
  'Contains a CA bundle that can be used to verify the kube-apiserver when using internal endpoints such as the internal service IP or kubernetes.default.svc. No other usage is guaranteed across distributions of Kubernetes clusters.';

export interface PublisherOptions {
  configMaps: SharedIndexInformer<ConfigMap>;
  namespaces: SharedIndexInformer<Namespace>;
  client: Clientset;
  /** PEM bytes of the CA bundle to publish. */
  rootCA: string;
}

export class Publisher {
  private readonly queue = newRateLimitingQueue<string>();
  private readonly cmLister: Lister<ConfigMap>;
  private readonly nsLister: Lister<Namespace>;

  constructor(private readonly opts: PublisherOptions) {
    if (!opts.rootCA) throw new Error('root CA is empty');
    this.cmLister = newLister(opts.configMaps.getIndexer(), { group: '', resource: 'configmaps' });
    this.nsLister = newLister(opts.namespaces.getIndexer(), { group: '', resource: 'namespaces' });
    opts.configMaps.addEventHandler({
      onDelete: (obj) => this.configMapChanged(obj instanceof DeletedFinalStateUnknown ? obj.obj : obj),
      onUpdate: (_old, cm) => this.configMapChanged(cm),
    });
    opts.namespaces.addEventHandler({
      onAdd: (ns) => this.namespaceChanged(ns),
      onUpdate: (_old, ns) => this.namespaceChanged(ns),
    });
  }

  async run(workers: number, signal: AbortSignal): Promise<void> {
    const name = 'crt configmap';
    klog.info('Starting root CA cert publisher controller');
    await runController(this.queue, signal, [this.opts.configMaps, this.opts.namespaces], {
      name,
      workers,
      sync: (ns) => this.syncNamespace(ns, signal),
    });
    klog.info('Shutting down root CA cert publisher controller');
  }

  private configMapChanged(cm: ConfigMap): void {
    if (cm.metadata.name === rootCACertConfigMapName && cm.metadata.namespace) this.queue.add(cm.metadata.namespace);
  }

  private namespaceChanged(ns: Namespace): void {
    if (ns.status?.phase === 'Active' && ns.metadata.name) this.queue.add(ns.metadata.name);
  }

  /** Makes `kube-root-ca.crt` in one namespace what it should be. */
  async syncNamespace(namespace: string, signal?: AbortSignal): Promise<void> {
    try {
      if (this.nsLister.get(namespace).status?.phase !== 'Active') return;
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    const data = { 'ca.crt': this.opts.rootCA };
    const client = this.opts.client.resource(configMaps).namespace(namespace);
    const call = signal ? { signal } : {};
    let existing: ConfigMap;
    try {
      existing = this.cmLister.namespace(namespace).get(rootCACertConfigMapName);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      try {
        await client.create(
          { metadata: { name: rootCACertConfigMapName, annotations: { [descriptionAnnotation]: description } }, data },
          call,
        );
      } catch (createErr) {
        // Created meanwhile (the next event syncs it again), or the namespace is going away.
        if (!isAlreadyExists(createErr) && !isNamespaceTerminating(createErr)) throw createErr;
      }
      return;
    }
    const current = existing.data ?? {};
    const sameData = Object.keys(current).length === 1 && current['ca.crt'] === this.opts.rootCA;
    if (sameData && existing.metadata.annotations?.[descriptionAnnotation] === description) return;
    const updated = structuredClone(existing);
    updated.data = data;
    updated.metadata.annotations = { ...updated.metadata.annotations, [descriptionAnnotation]: description };
    await client.update(updated, call);
  }
}
