/**
 * The default cluster roles and bindings an apiserver reconciles at start (mirrors
 * plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go at Kubernetes 1.33, default feature
 * gates): cluster-admin; the aggregated admin/edit/view and their system:aggregate-to-* parts;
 * discovery, basic-user and public-info-viewer; and the roles of the control plane's own users
 * (kube-controller-manager, kube-scheduler, kube-proxy, nodes, ...).
 */
import type { ClusterRole, PolicyRule, RoleBinding } from '../../../apis/rbac/v1/types.js';
import { allServiceAccountsGroup } from '../../../authentication/serviceaccount/util.js';
import { allAuthenticated, allUnauthenticated, systemPrivilegedGroup } from '../../../authentication/user/user.js';
import { clusterBinding, clusterRole, group, rbacGroup, rule, serviceAccount, user } from './helpers.js';

export const write = ['create', 'update', 'patch', 'delete', 'deletecollection'];
export const readWrite = ['get', 'list', 'watch', 'create', 'update', 'patch', 'delete', 'deletecollection'];
export const read = ['get', 'list', 'watch'];
export const readUpdate = ['get', 'list', 'watch', 'update', 'patch'];

export const legacyGroup = '';
export const appsGroup = 'apps';
export const authenticationGroup = 'authentication.k8s.io';
export const authorizationGroup = 'authorization.k8s.io';
export const autoscalingGroup = 'autoscaling';
export const batchGroup = 'batch';
export const certificatesGroup = 'certificates.k8s.io';
export const coordinationGroup = 'coordination.k8s.io';
export const discoveryGroup = 'discovery.k8s.io';
export const extensionsGroup = 'extensions';
export const policyGroup = 'policy';
export const storageGroup = 'storage.k8s.io';
export const networkingGroup = 'networking.k8s.io';
export const eventsGroup = 'events.k8s.io';
export const admissionRegistrationGroup = 'admissionregistration.k8s.io';

/** Upstream's well-known users and groups (k8s.io/apiserver pkg/authentication/user). */
export const kubeControllerManagerUser = 'system:kube-controller-manager';
export const kubeSchedulerUser = 'system:kube-scheduler';
export const kubeProxyUser = 'system:kube-proxy';
export const monitoringGroup = 'system:monitoring';

export const aggregateToAdmin = 'rbac.authorization.k8s.io/aggregate-to-admin';
export const aggregateToEdit = 'rbac.authorization.k8s.io/aggregate-to-edit';
export const aggregateToView = 'rbac.authorization.k8s.io/aggregate-to-view';

/** Signer names of certificates.k8s.io (k8s.io/api/certificates/v1). */
export const kubeAPIServerClientSignerName = 'kubernetes.io/kube-apiserver-client';
export const kubeAPIServerClientKubeletSignerName = 'kubernetes.io/kube-apiserver-client-kubelet';
export const kubeletServingSignerName = 'kubernetes.io/kubelet-serving';
export const legacyUnknownSignerName = 'kubernetes.io/legacy-unknown';

/** Events, in both the core and the events.k8s.io group. */
export function eventsRule(): PolicyRule {
  return rule(['create', 'update', 'patch'], { groups: [legacyGroup, eventsGroup], resources: ['events'] });
}

/** What the system:node role grants (upstream NodeRules, default feature gates). */
export function nodeRules(): PolicyRule[] {
  return [
    rule(['create'], { groups: [authenticationGroup], resources: ['tokenreviews'] }),
    rule(['create'], {
      groups: [authorizationGroup],
      resources: ['subjectaccessreviews', 'localsubjectaccessreviews'],
    }),
    rule(read, { groups: [legacyGroup], resources: ['services'] }),
    rule(['create', 'get', 'list', 'watch'], { groups: [legacyGroup], resources: ['nodes'] }),
    rule(['update', 'patch'], { groups: [legacyGroup], resources: ['nodes/status'] }),
    rule(['update', 'patch'], { groups: [legacyGroup], resources: ['nodes'] }),
    rule(['create', 'update', 'patch'], { groups: [legacyGroup], resources: ['events'] }),
    rule(read, { groups: [legacyGroup], resources: ['pods'] }),
    rule(['create', 'delete'], { groups: [legacyGroup], resources: ['pods'] }),
    rule(['update', 'patch'], { groups: [legacyGroup], resources: ['pods/status'] }),
    rule(['create'], { groups: [legacyGroup], resources: ['pods/eviction'] }),
    rule(['get', 'list', 'watch'], { groups: [legacyGroup], resources: ['secrets', 'configmaps'] }),
    rule(['get'], { groups: [legacyGroup], resources: ['persistentvolumeclaims', 'persistentvolumes'] }),
    rule(['get'], { groups: [legacyGroup], resources: ['endpoints'] }),
    rule(['create', 'get', 'list', 'watch'], {
      groups: [certificatesGroup],
      resources: ['certificatesigningrequests'],
    }),
    rule(['get', 'create', 'update', 'patch', 'delete'], { groups: [coordinationGroup], resources: ['leases'] }),
    rule(['get'], { groups: [storageGroup], resources: ['volumeattachments'] }),
    rule(['create'], { groups: [legacyGroup], resources: ['serviceaccounts/token'] }),
    rule(['get', 'update', 'patch'], { groups: [legacyGroup], resources: ['persistentvolumeclaims/status'] }),
    rule(['get', 'watch', 'list'], { groups: [storageGroup], resources: ['csidrivers'] }),
    rule(['get', 'create', 'update', 'patch', 'delete'], { groups: [storageGroup], resources: ['csinodes'] }),
    rule(['get', 'list', 'watch'], { groups: ['node.k8s.io'], resources: ['runtimeclasses'] }),
  ];
}

function approver(name: string, signer: string): ClusterRole {
  return clusterRole(name, [
    rule(['approve'], { groups: [certificatesGroup], resources: ['signers'], names: [signer] }),
  ]);
}

/** The default ClusterRoles (upstream ClusterRoles()). */
export function clusterRoles(): ClusterRole[] {
  return [
    clusterRole('cluster-admin', [rule(['*'], { groups: ['*'], resources: ['*'] }), rule(['*'], { urls: ['*'] })]),
    clusterRole('system:discovery', [
      rule(['get'], {
        urls: [
          '/livez',
          '/readyz',
          '/healthz',
          '/version',
          '/version/',
          '/openapi',
          '/openapi/*',
          '/api',
          '/api/*',
          '/apis',
          '/apis/*',
        ],
      }),
    ]),
    clusterRole('system:monitoring', [
      rule(['get'], {
        urls: ['/metrics', '/metrics/slis', '/livez', '/readyz', '/healthz', '/livez/*', '/readyz/*', '/healthz/*'],
      }),
    ]),
    clusterRole('system:basic-user', [
      rule(['create'], {
        groups: [authorizationGroup],
        resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'],
      }),
      rule(['create'], { groups: [authenticationGroup], resources: ['selfsubjectreviews'] }),
    ]),
    clusterRole('system:public-info-viewer', [
      rule(['get'], { urls: ['/livez', '/readyz', '/healthz', '/version', '/version/'] }),
    ]),
    clusterRole('admin', [], { aggregateLabels: [aggregateToAdmin] }),
    clusterRole('edit', [], { labels: { [aggregateToAdmin]: 'true' }, aggregateLabels: [aggregateToEdit] }),
    clusterRole('view', [], { labels: { [aggregateToEdit]: 'true' }, aggregateLabels: [aggregateToView] }),
    clusterRole(
      'system:aggregate-to-admin',
      [
        rule(['create'], { groups: [authorizationGroup], resources: ['localsubjectaccessreviews'] }),
        rule(readWrite, { groups: [rbacGroup], resources: ['roles', 'rolebindings'] }),
      ],
      { labels: { [aggregateToAdmin]: 'true' } },
    ),
    clusterRole(
      'system:aggregate-to-edit',
      [
        rule(read, {
          groups: [legacyGroup],
          resources: ['pods/attach', 'pods/proxy', 'pods/exec', 'pods/portforward', 'secrets', 'services/proxy'],
        }),
        rule(['impersonate'], { groups: [legacyGroup], resources: ['serviceaccounts'] }),
        rule(write, {
          groups: [legacyGroup],
          resources: ['pods', 'pods/attach', 'pods/proxy', 'pods/exec', 'pods/portforward'],
        }),
        rule(['create'], { groups: [legacyGroup], resources: ['pods/eviction'] }),
        rule(write, {
          groups: [legacyGroup],
          resources: [
            'replicationcontrollers',
            'replicationcontrollers/scale',
            'serviceaccounts',
            'services',
            'services/proxy',
            'persistentvolumeclaims',
            'configmaps',
            'secrets',
            'events',
          ],
        }),
        rule(['create'], { groups: [legacyGroup], resources: ['serviceaccounts/token'] }),
        rule(write, {
          groups: [appsGroup],
          resources: [
            'statefulsets',
            'statefulsets/scale',
            'daemonsets',
            'deployments',
            'deployments/scale',
            'deployments/rollback',
            'replicasets',
            'replicasets/scale',
          ],
        }),
        rule(write, { groups: [autoscalingGroup], resources: ['horizontalpodautoscalers'] }),
        rule(write, { groups: [batchGroup], resources: ['jobs', 'cronjobs'] }),
        rule(write, {
          groups: [extensionsGroup],
          resources: [
            'daemonsets',
            'deployments',
            'deployments/scale',
            'deployments/rollback',
            'ingresses',
            'replicasets',
            'replicasets/scale',
            'replicationcontrollers/scale',
            'networkpolicies',
          ],
        }),
        rule(write, { groups: [policyGroup], resources: ['poddisruptionbudgets'] }),
        rule(write, { groups: [networkingGroup], resources: ['networkpolicies', 'ingresses'] }),
      ],
      { labels: { [aggregateToEdit]: 'true' } },
    ),
    clusterRole(
      'system:aggregate-to-view',
      [
        rule(read, {
          groups: [legacyGroup],
          resources: [
            'pods',
            'replicationcontrollers',
            'replicationcontrollers/scale',
            'serviceaccounts',
            'services',
            'services/status',
            'endpoints',
            'persistentvolumeclaims',
            'persistentvolumeclaims/status',
            'configmaps',
          ],
        }),
        rule(read, {
          groups: [legacyGroup],
          resources: [
            'limitranges',
            'resourcequotas',
            'bindings',
            'events',
            'pods/status',
            'resourcequotas/status',
            'namespaces/status',
            'replicationcontrollers/status',
            'pods/log',
          ],
        }),
        rule(read, { groups: [legacyGroup], resources: ['namespaces'] }),
        rule(read, { groups: [discoveryGroup], resources: ['endpointslices'] }),
        rule(read, {
          groups: [appsGroup],
          resources: [
            'controllerrevisions',
            'statefulsets',
            'statefulsets/status',
            'statefulsets/scale',
            'daemonsets',
            'daemonsets/status',
            'deployments',
            'deployments/status',
            'deployments/scale',
            'replicasets',
            'replicasets/status',
            'replicasets/scale',
          ],
        }),
        rule(read, {
          groups: [autoscalingGroup],
          resources: ['horizontalpodautoscalers', 'horizontalpodautoscalers/status'],
        }),
        rule(read, { groups: [batchGroup], resources: ['jobs', 'cronjobs', 'cronjobs/status', 'jobs/status'] }),
        rule(read, {
          groups: [extensionsGroup],
          resources: [
            'daemonsets',
            'daemonsets/status',
            'deployments',
            'deployments/scale',
            'deployments/status',
            'ingresses',
            'ingresses/status',
            'replicasets',
            'replicasets/scale',
            'replicasets/status',
            'replicationcontrollers/scale',
            'networkpolicies',
          ],
        }),
        rule(read, { groups: [policyGroup], resources: ['poddisruptionbudgets', 'poddisruptionbudgets/status'] }),
        rule(read, { groups: [networkingGroup], resources: ['networkpolicies', 'ingresses', 'ingresses/status'] }),
      ],
      { labels: { [aggregateToView]: 'true' } },
    ),
    clusterRole('system:heapster', [
      rule(read, { groups: [legacyGroup], resources: ['events', 'pods', 'nodes', 'namespaces'] }),
      rule(read, { groups: [extensionsGroup], resources: ['deployments'] }),
    ]),
    clusterRole('system:node', nodeRules()),
    clusterRole('system:node-problem-detector', [
      rule(['get'], { groups: [legacyGroup], resources: ['nodes'] }),
      rule(['patch'], { groups: [legacyGroup], resources: ['nodes/status'] }),
      eventsRule(),
    ]),
    clusterRole('system:kubelet-api-admin', [
      rule(['get', 'list', 'watch'], { groups: [legacyGroup], resources: ['nodes'] }),
      rule(['proxy'], { groups: [legacyGroup], resources: ['nodes'] }),
      rule(['*'], {
        groups: [legacyGroup],
        resources: ['nodes/proxy', 'nodes/metrics', 'nodes/spec', 'nodes/stats', 'nodes/log'],
      }),
    ]),
    clusterRole('system:node-bootstrapper', [
      rule(['create', 'get', 'list', 'watch'], {
        groups: [certificatesGroup],
        resources: ['certificatesigningrequests'],
      }),
    ]),
    clusterRole('system:auth-delegator', [
      rule(['create'], { groups: [authenticationGroup], resources: ['tokenreviews'] }),
      rule(['create'], { groups: [authorizationGroup], resources: ['subjectaccessreviews'] }),
    ]),
    clusterRole('system:kube-aggregator', [
      rule(read, { groups: [legacyGroup], resources: ['services', 'endpoints'] }),
    ]),
    clusterRole('system:kube-controller-manager', [
      eventsRule(),
      rule(['create'], { groups: [coordinationGroup], resources: ['leases'] }),
      rule(['get', 'update'], {
        groups: [coordinationGroup],
        resources: ['leases'],
        names: ['kube-controller-manager'],
      }),
      rule(['create'], { groups: [legacyGroup], resources: ['endpoints'] }),
      rule(['get', 'update'], { groups: [legacyGroup], resources: ['endpoints'], names: ['kube-controller-manager'] }),
      rule(['create'], { groups: [legacyGroup], resources: ['secrets', 'serviceaccounts'] }),
      rule(['delete'], { groups: [legacyGroup], resources: ['secrets'] }),
      rule(['get'], { groups: [legacyGroup], resources: ['namespaces', 'secrets', 'serviceaccounts', 'configmaps'] }),
      rule(['update'], { groups: [legacyGroup], resources: ['secrets', 'serviceaccounts'] }),
      rule(['create'], { groups: [authenticationGroup], resources: ['tokenreviews'] }),
      rule(['create'], { groups: [authorizationGroup], resources: ['subjectaccessreviews'] }),
      rule(['list', 'watch'], { groups: ['*'], resources: ['*'] }),
      rule(['create'], { groups: [legacyGroup], resources: ['serviceaccounts/token'] }),
    ]),
    clusterRole('system:kube-dns', [
      rule(['list', 'watch'], { groups: [legacyGroup], resources: ['endpoints', 'services'] }),
    ]),
    clusterRole('system:persistent-volume-provisioner', [
      rule(['get', 'list', 'watch', 'create', 'delete'], { groups: [legacyGroup], resources: ['persistentvolumes'] }),
      rule(['get', 'list', 'watch', 'update'], { groups: [legacyGroup], resources: ['persistentvolumeclaims'] }),
      rule(read, { groups: [storageGroup], resources: ['storageclasses'] }),
      rule(['watch'], { groups: [legacyGroup], resources: ['events'] }),
      eventsRule(),
    ]),
    clusterRole('system:certificates.k8s.io:certificatesigningrequests:nodeclient', [
      rule(['create'], { groups: [certificatesGroup], resources: ['certificatesigningrequests/nodeclient'] }),
    ]),
    clusterRole('system:certificates.k8s.io:certificatesigningrequests:selfnodeclient', [
      rule(['create'], { groups: [certificatesGroup], resources: ['certificatesigningrequests/selfnodeclient'] }),
    ]),
    clusterRole('system:volume-scheduler', [
      rule(readUpdate, { groups: [legacyGroup], resources: ['persistentvolumes'] }),
      rule(read, { groups: [storageGroup], resources: ['storageclasses'] }),
      rule(readUpdate, { groups: [legacyGroup], resources: ['persistentvolumeclaims'] }),
    ]),
    approver('system:certificates.k8s.io:legacy-unknown-approver', legacyUnknownSignerName),
    approver('system:certificates.k8s.io:kubelet-serving-approver', kubeletServingSignerName),
    approver('system:certificates.k8s.io:kube-apiserver-client-approver', kubeAPIServerClientSignerName),
    approver('system:certificates.k8s.io:kube-apiserver-client-kubelet-approver', kubeAPIServerClientKubeletSignerName),
    clusterRole('system:service-account-issuer-discovery', [
      rule(['get'], {
        urls: [
          '/.well-known/openid-configuration',
          '/.well-known/openid-configuration/',
          '/openid/v1/jwks',
          '/openid/v1/jwks/',
        ],
      }),
    ]),
    clusterRole('system:node-proxier', [
      rule(['list', 'watch'], { groups: [legacyGroup], resources: ['services', 'endpoints'] }),
      rule(['get', 'list', 'watch'], { groups: [legacyGroup], resources: ['nodes'] }),
      eventsRule(),
      rule(['list', 'watch'], { groups: [discoveryGroup], resources: ['endpointslices'] }),
    ]),
    clusterRole('system:kube-scheduler', [
      eventsRule(),
      rule(['create'], { groups: [coordinationGroup], resources: ['leases'] }),
      rule(['get', 'update'], { groups: [coordinationGroup], resources: ['leases'], names: ['kube-scheduler'] }),
      rule(['create'], { groups: [legacyGroup], resources: ['endpoints'] }),
      rule(['get', 'update'], { groups: [legacyGroup], resources: ['endpoints'], names: ['kube-scheduler'] }),
      rule(read, { groups: [legacyGroup], resources: ['nodes'] }),
      rule(['get', 'list', 'watch', 'delete'], { groups: [legacyGroup], resources: ['pods'] }),
      rule(['create'], { groups: [legacyGroup], resources: ['pods/binding', 'bindings'] }),
      rule(['patch', 'update'], { groups: [legacyGroup], resources: ['pods/status'] }),
      rule(read, { groups: [legacyGroup], resources: ['services', 'replicationcontrollers'] }),
      rule(read, { groups: [appsGroup, extensionsGroup], resources: ['replicasets'] }),
      rule(read, { groups: [appsGroup], resources: ['statefulsets'] }),
      rule(read, { groups: [policyGroup], resources: ['poddisruptionbudgets'] }),
      rule(read, { groups: [legacyGroup], resources: ['persistentvolumeclaims', 'persistentvolumes'] }),
      rule(['create'], { groups: [authenticationGroup], resources: ['tokenreviews'] }),
      rule(['create'], { groups: [authorizationGroup], resources: ['subjectaccessreviews'] }),
      rule(read, { groups: [storageGroup], resources: ['csinodes'] }),
      rule(read, { groups: [legacyGroup], resources: ['namespaces'] }),
      rule(read, { groups: [storageGroup], resources: ['csidrivers'] }),
      rule(read, { groups: [storageGroup], resources: ['csistoragecapacities'] }),
    ]),
  ];
}

/** The default ClusterRoleBindings (upstream ClusterRoleBindings()). */
export function clusterRoleBindings(): RoleBinding[] {
  return [
    clusterBinding('cluster-admin', [group(systemPrivilegedGroup)]),
    clusterBinding('system:monitoring', [group(monitoringGroup)]),
    clusterBinding('system:discovery', [group(allAuthenticated)]),
    clusterBinding('system:basic-user', [group(allAuthenticated)]),
    clusterBinding('system:public-info-viewer', [group(allAuthenticated), group(allUnauthenticated)]),
    clusterBinding('system:node-proxier', [user(kubeProxyUser)]),
    clusterBinding('system:kube-controller-manager', [user(kubeControllerManagerUser)]),
    clusterBinding('system:kube-dns', [serviceAccount('kube-system', 'kube-dns')]),
    clusterBinding('system:kube-scheduler', [user(kubeSchedulerUser)]),
    clusterBinding('system:volume-scheduler', [user(kubeSchedulerUser)]),
    // Nodes are authorized by the Node authorizer upstream; the binding stays, without subjects,
    // so that reconciliation may tighten an old one.
    clusterBinding('system:node', []),
    clusterBinding('system:service-account-issuer-discovery', [group(allServiceAccountsGroup)]),
  ];
}
