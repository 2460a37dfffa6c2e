/**
 * Every controller upstream's kube-controller-manager 1.33 knows (mirrors
 * cmd/kube-controller-manager/names and the aliases and defaults of app.NewControllerDescriptors):
 * its canonical name, the older short names `--controllers` still accepts, and whether `*`
 * leaves it off. `--controllers` is validated against this whole list, so a flag line written for
 * a real kube-controller-manager (`--controllers=*,-nodeipam`) is accepted as is; controllers of
 * the list this release does not implement are reported at start and skipped.
 */

export const namespaceController = 'namespace-controller';
export const garbageCollectorController = 'garbage-collector-controller';
export const serviceAccountController = 'serviceaccount-controller';
export const rootCACertificatePublisherController = 'root-ca-certificate-publisher-controller';
export const clusterRoleAggregationController = 'clusterrole-aggregation-controller';

export interface KnownController {
  name: string;
  aliases: readonly string[];
  disabledByDefault?: boolean;
}

const known = (name: string, aliases: readonly string[] = [], disabledByDefault = false): KnownController =>
  disabledByDefault ? { name, aliases, disabledByDefault } : { name, aliases };

export const knownControllerList: readonly KnownController[] = [
  known('serviceaccount-token-controller', ['serviceaccount-token']),
  known('endpoints-controller', ['endpoint']),
  known('endpointslice-controller', ['endpointslice']),
  known('endpointslice-mirroring-controller', ['endpointslicemirroring']),
  known('replicationcontroller-controller', ['replicationcontroller']),
  known('pod-garbage-collector-controller', ['podgc']),
  known('resourcequota-controller', ['resourcequota']),
  known(namespaceController, ['namespace']),
  known(serviceAccountController, ['serviceaccount']),
  known(garbageCollectorController, ['garbagecollector']),
  known('daemonset-controller', ['daemonset']),
  known('job-controller', ['job']),
  known('deployment-controller', ['deployment']),
  known('replicaset-controller', ['replicaset']),
  known('horizontal-pod-autoscaler-controller', ['horizontalpodautoscaling']),
  known('disruption-controller', ['disruption']),
  known('statefulset-controller', ['statefulset']),
  known('cronjob-controller', ['cronjob']),
  known('certificatesigningrequest-signing-controller', ['csrsigning']),
  known('certificatesigningrequest-approving-controller', ['csrapproving']),
  known('certificatesigningrequest-cleaner-controller', ['csrcleaner']),
  known('ttl-controller', ['ttl']),
  known('bootstrap-signer-controller', ['bootstrapsigner'], true),
  known('token-cleaner-controller', ['tokencleaner'], true),
  known('node-ipam-controller', ['nodeipam']),
  known('node-lifecycle-controller', ['nodelifecycle']),
  known('service-lb-controller', ['service']),
  known('node-route-controller', ['route']),
  known('cloud-node-lifecycle-controller', ['cloud-node-lifecycle']),
  known('persistentvolume-binder-controller', ['persistentvolume-binder']),
  known('persistentvolume-attach-detach-controller', ['attachdetach']),
  known('persistentvolume-expander-controller', ['persistentvolume-expander']),
  known(clusterRoleAggregationController, ['clusterrole-aggregation']),
  known('persistentvolumeclaim-protection-controller', ['pvc-protection']),
  known('persistentvolume-protection-controller', ['pv-protection']),
  known('ttl-after-finished-controller', ['ttl-after-finished']),
  known(rootCACertificatePublisherController, ['root-ca-cert-publisher']),
  known('ephemeral-volume-controller', ['ephemeral-volume']),
  known('storageversion-garbage-collector-controller', ['storage-version-gc']),
  known('resourceclaim-controller', ['resource-claim-controller']),
  known('legacy-serviceaccount-token-cleaner-controller', ['legacy-service-account-token-cleaner']),
  known('validatingadmissionpolicy-status-controller'),
  known('taint-eviction-controller'),
  known('service-cidr-controller'),
  known('storage-version-migrator-controller'),
  known('volumeattributesclass-protection-controller'),
  known('selinux-warning-controller', [], true),
  known('device-taint-eviction-controller'),
];
