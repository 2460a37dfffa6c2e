/**
 * The descriptors of the controllers this module starts (mirrors upstream's core.go, rbac.go and
 * certificates.go start functions): each builds its controller from the shared informers and a
 * client named after it, starts it, and hands back a handle that settles when it has stopped.
 */
import type { ConfigMap, Namespace, ServiceAccount } from '../../../pkg/apis/core/v1/types.js';
import type { ClusterRole } from '../../../pkg/apis/rbac/v1/types.js';
import { configMaps, namespaces, serviceAccounts } from '../../../pkg/client/kubernetes/resources.js';
import {
  ClusterRoleAggregationController,
  clusterRoles,
} from '../../../pkg/controller/clusterroleaggregation/clusterroleaggregation-controller.js';
import { GarbageCollector } from '../../../pkg/controller/garbagecollector/garbagecollector.js';
import { finalizerKubernetes } from '../../../pkg/controller/namespace/deletion/namespaced-resources-deleter.js';
import { NamespaceController } from '../../../pkg/controller/namespace/namespace-controller.js';
import { Publisher } from '../../../pkg/controller/rootcacertpublisher/publisher.js';
import { ServiceAccountsController } from '../../../pkg/controller/serviceaccount/serviceaccounts-controller.js';
import * as klog from '../../../pkg/klog/klog.js';
import {
  clusterRoleAggregationController,
  garbageCollectorController,
  namespaceController,
  rootCACertificatePublisherController,
  serviceAccountController,
} from '../names/controller-names.js';
import type { ControllerContext, ControllerDescriptor } from './controller-context.js';

/** upstream: the garbage collector rediscovers resources this often. */
const gcSyncPeriodMs = 30_000;

function workers(ctx: ControllerContext, name: string, fallback: number): number {
  return ctx.options.concurrentSyncs.get(name) ?? fallback;
}

const namespaceDescriptor: ControllerDescriptor = {
  name: namespaceController,
  aliases: ['namespace'],
  async init(ctx) {
    // Namespace cleanup makes many discovery and delete calls: upstream lifts its client's limits
    // 20× (QPS) and 100× (burst), or deleting a hundred objects takes ten seconds.
    const { qps, burst } = ctx.options.rateLimit;
    const rateLimit = { qps: qps * 20, burst: burst * 100 };
    const controller = new NamespaceController({
      client: ctx.client('namespace-controller', rateLimit),
      dynamic: ctx.dynamicClient('namespace-controller', rateLimit),
      discovery: ctx.discovery,
      namespaces: ctx.informerFactory.forResource<Namespace>(namespaces),
      resyncPeriodMs: ctx.options.namespaceSyncPeriodMs,
      finalizerToken: finalizerKubernetes,
    });
    return { done: controller.run(workers(ctx, namespaceController, 10), ctx.signal) };
  },
};

const garbageCollectorDescriptor: ControllerDescriptor = {
  name: garbageCollectorController,
  aliases: ['garbagecollector'],
  async init(ctx) {
    if (!ctx.options.enableGarbageCollector) return undefined;
    // Each collection takes two calls (a read, then the delete): upstream doubles the QPS.
    const { qps, burst } = ctx.options.rateLimit;
    const gc = new GarbageCollector({
      dynamic: ctx.dynamicClient('generic-garbage-collector', { qps: qps * 2, burst }),
      restMapper: ctx.restMapper,
      discovery: ctx.discovery,
      // The shared factory serves any resource, so the collector's informers are the other
      // controllers' too: one watch per resource for the whole process.
      informerFactory: ctx.informerFactory,
      recorder: ctx.eventRecorder('garbage-collector-controller'),
    });
    return { done: gc.run(workers(ctx, garbageCollectorController, 20), gcSyncPeriodMs, ctx.signal) };
  },
};

const serviceAccountDescriptor: ControllerDescriptor = {
  name: serviceAccountController,
  aliases: ['serviceaccount'],
  async init(ctx) {
    const controller = new ServiceAccountsController({
      serviceAccounts: ctx.informerFactory.forResource<ServiceAccount>(serviceAccounts),
      namespaces: ctx.informerFactory.forResource<Namespace>(namespaces),
      client: ctx.client('service-account-controller'),
    });
    return { done: controller.run(1, ctx.signal) };
  },
};

const rootCACertPublisherDescriptor: ControllerDescriptor = {
  name: rootCACertificatePublisherController,
  aliases: ['root-ca-cert-publisher'],
  async init(ctx) {
    if (!ctx.options.rootCA) {
      klog.info('Skipping the root CA certificate publisher: no --root-ca-file and no CA in the client configuration');
      return undefined;
    }
    const publisher = new Publisher({
      configMaps: ctx.informerFactory.forResource<ConfigMap>(configMaps),
      namespaces: ctx.informerFactory.forResource<Namespace>(namespaces),
      client: ctx.client('root-ca-cert-publisher'),
      rootCA: ctx.options.rootCA,
    });
    return { done: publisher.run(1, ctx.signal) };
  },
};

const clusterRoleAggregationDescriptor: ControllerDescriptor = {
  name: clusterRoleAggregationController,
  aliases: ['clusterrole-aggregation'],
  async init(ctx) {
    const controller = new ClusterRoleAggregationController({
      clusterRoles: ctx.informerFactory.forResource<ClusterRole>(clusterRoles),
      client: ctx.client('clusterrole-aggregation-controller'),
      controllerName: clusterRoleAggregationController,
    });
    return { done: controller.run(5, ctx.signal) };
  },
};

export const coreControllerDescriptors: readonly ControllerDescriptor[] = [
  namespaceDescriptor,
  garbageCollectorDescriptor,
  serviceAccountDescriptor,
  rootCACertPublisherDescriptor,
  clusterRoleAggregationDescriptor,
];
