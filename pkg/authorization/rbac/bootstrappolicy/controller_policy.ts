/**
 * The roles of kube-controller-manager's controllers (mirrors bootstrappolicy/controller_policy.go
 * at Kubernetes 1.33, default feature gates): each `system:controller:<name>` ClusterRole is bound
 * to the ServiceAccount kube-system/<name> the controller runs as with
 * --use-service-account-credentials.
 */
import type { ClusterRole, PolicyRule, RoleBinding } from '../../../apis/rbac/v1/types.js';
import { clusterBinding, clusterRole, rbacGroup, rule, serviceAccount } from './helpers.js';
import {
  admissionRegistrationGroup,
  appsGroup,
  authorizationGroup,
  autoscalingGroup,
  batchGroup,
  certificatesGroup,
  discoveryGroup,
  eventsRule,
  extensionsGroup,
  kubeAPIServerClientKubeletSignerName,
  kubeAPIServerClientSignerName,
  kubeletServingSignerName,
  legacyGroup,
  legacyUnknownSignerName,
  networkingGroup,
  policyGroup,
  storageGroup,
} from './policy.js';

export const saRolePrefix = 'system:controller:';

/** [controller name, rules] in upstream's order. */
function controllerRules(): [string, PolicyRule[]][] {
  return [
    [
      'attachdetach-controller',
      [
        rule(['list', 'watch'], { groups: [legacyGroup], resources: ['persistentvolumes', 'persistentvolumeclaims'] }),
        rule(['get', 'list', 'watch'], { groups: [legacyGroup], resources: ['nodes'] }),
        rule(['patch', 'update'], { groups: [legacyGroup], resources: ['nodes/status'] }),
        rule(['list', 'watch'], { groups: [legacyGroup], resources: ['pods'] }),
        eventsRule(),
        rule(['get', 'create', 'delete', 'list', 'watch'], {
          groups: [storageGroup],
          resources: ['volumeattachments'],
        }),
        rule(['get', 'watch', 'list'], { groups: [storageGroup], resources: ['csidrivers'] }),
        rule(['get', 'watch', 'list'], { groups: [storageGroup], resources: ['csinodes'] }),
      ],
    ],
    [
      'clusterrole-aggregation-controller',
      [
        rule(['escalate', 'get', 'list', 'watch', 'update', 'patch'], {
          groups: [rbacGroup],
          resources: ['clusterroles'],
        }),
      ],
    ],
    [
      'cronjob-controller',
      [
        rule(['get', 'list', 'watch', 'update'], { groups: [batchGroup], resources: ['cronjobs'] }),
        rule(['get', 'list', 'watch', 'create', 'update', 'delete', 'patch'], {
          groups: [batchGroup],
          resources: ['jobs'],
        }),
        rule(['update'], { groups: [batchGroup], resources: ['cronjobs/status'] }),
        rule(['update'], { groups: [batchGroup], resources: ['cronjobs/finalizers'] }),
        rule(['list', 'delete'], { groups: [legacyGroup], resources: ['pods'] }),
        eventsRule(),
      ],
    ],
    [
      'daemon-set-controller',
      [
        rule(['get', 'list', 'watch'], { groups: [extensionsGroup, appsGroup], resources: ['daemonsets'] }),
        rule(['update'], { groups: [extensionsGroup, appsGroup], resources: ['daemonsets/status'] }),
        rule(['update'], { groups: [extensionsGroup, appsGroup], resources: ['daemonsets/finalizers'] }),
        rule(['list', 'watch'], { groups: [legacyGroup], resources: ['nodes'] }),
        rule(['list', 'watch', 'create', 'delete', 'patch'], { groups: [legacyGroup], resources: ['pods'] }),
        rule(['create'], { groups: [legacyGroup], resources: ['pods/binding'] }),
        rule(['get', 'list', 'watch', 'create', 'delete', 'update', 'patch'], {
          groups: [appsGroup],
          resources: ['controllerrevisions'],
        }),
        eventsRule(),
      ],
    ],
    [
      'deployment-controller',
      [
        rule(['get', 'list', 'watch', 'update'], { groups: [extensionsGroup, appsGroup], resources: ['deployments'] }),
        rule(['update'], { groups: [extensionsGroup, appsGroup], resources: ['deployments/status'] }),
        rule(['update'], { groups: [extensionsGroup, appsGroup], resources: ['deployments/finalizers'] }),
        rule(['get', 'list', 'watch', 'create', 'update', 'patch', 'delete'], {
          groups: [appsGroup, extensionsGroup],
          resources: ['replicasets'],
        }),
        rule(['get', 'list', 'watch', 'update'], { groups: [legacyGroup], resources: ['pods'] }),
        eventsRule(),
      ],
    ],
    [
      'disruption-controller',
      [
        rule(['get', 'list', 'watch'], { groups: [extensionsGroup, appsGroup], resources: ['deployments'] }),
        rule(['get', 'list', 'watch'], { groups: [appsGroup, extensionsGroup], resources: ['replicasets'] }),
        rule(['get', 'list', 'watch'], { groups: [legacyGroup], resources: ['replicationcontrollers'] }),
        rule(['get', 'list', 'watch'], { groups: [policyGroup], resources: ['poddisruptionbudgets'] }),
        rule(['get', 'list', 'watch'], { groups: [appsGroup], resources: ['statefulsets'] }),
        rule(['update'], { groups: [policyGroup], resources: ['poddisruptionbudgets/status'] }),
        rule(['get'], { groups: ['*'], resources: ['*/scale'] }),
        eventsRule(),
      ],
    ],
    [
      'endpoint-controller',
      [
        rule(['get', 'list', 'watch'], { groups: [legacyGroup], resources: ['services', 'pods'] }),
        rule(['get', 'list', 'create', 'update', 'delete'], { groups: [legacyGroup], resources: ['endpoints'] }),
        rule(['create'], { groups: [legacyGroup], resources: ['endpoints/restricted'] }),
        eventsRule(),
      ],
    ],
    [
      'endpointslice-controller',
      [
        rule(['get', 'list', 'watch'], { groups: [legacyGroup], resources: ['services', 'pods', 'nodes'] }),
        rule(['update'], { groups: [legacyGroup], resources: ['services/finalizers'] }),
        rule(['get', 'list', 'create', 'update', 'delete'], {
          groups: [discoveryGroup],
          resources: ['endpointslices'],
        }),
        eventsRule(),
      ],
    ],
    [
      'endpointslicemirroring-controller',
      [
        rule(['get', 'list', 'watch'], { groups: [legacyGroup], resources: ['services', 'endpoints'] }),
        rule(['update'], { groups: [legacyGroup], resources: ['services/finalizers'] }),
        rule(['update'], { groups: [legacyGroup], resources: ['endpoints/finalizers'] }),
        rule(['get', 'list', 'create', 'update', 'delete'], {
          groups: [discoveryGroup],
          resources: ['endpointslices'],
        }),
        eventsRule(),
      ],
    ],
    [
      'expand-controller',
      [
        rule(['get', 'list', 'watch', 'update', 'patch'], { groups: [legacyGroup], resources: ['persistentvolumes'] }),
        rule(['update', 'patch'], { groups: [legacyGroup], resources: ['persistentvolumeclaims/status'] }),
        rule(['get', 'list', 'watch'], { groups: [legacyGroup], resources: ['persistentvolumeclaims'] }),
        rule(['get', 'list', 'watch'], { groups: [storageGroup], resources: ['storageclasses'] }),
        rule(['get'], { groups: [legacyGroup], resources: ['services', 'endpoints'] }),
        rule(['get'], { groups: [legacyGroup], resources: ['secrets'] }),
        eventsRule(),
      ],
    ],
    [
      'ephemeral-volume-controller',
      [
        rule(['get', 'list', 'watch'], { groups: [legacyGroup], resources: ['pods'] }),
        rule(['update'], { groups: [legacyGroup], resources: ['pods/finalizers'] }),
        rule(['get', 'list', 'watch', 'create'], { groups: [legacyGroup], resources: ['persistentvolumeclaims'] }),
        eventsRule(),
      ],
    ],
    [
      'generic-garbage-collector',
      [rule(['get', 'list', 'watch', 'patch', 'update', 'delete'], { groups: ['*'], resources: ['*'] }), eventsRule()],
    ],
    [
      'horizontal-pod-autoscaler',
      [
        rule(['get', 'list', 'watch'], { groups: [autoscalingGroup], resources: ['horizontalpodautoscalers'] }),
        rule(['update'], { groups: [autoscalingGroup], resources: ['horizontalpodautoscalers/status'] }),
        rule(['get', 'update'], { groups: ['*'], resources: ['*/scale'] }),
        rule(['list'], { groups: [legacyGroup], resources: ['pods'] }),
        rule(['list'], { groups: ['metrics.k8s.io'], resources: ['pods'] }),
        rule(['get', 'list'], { groups: ['custom.metrics.k8s.io'], resources: ['*'] }),
        rule(['get', 'list'], { groups: ['external.metrics.k8s.io'], resources: ['*'] }),
        eventsRule(),
      ],
    ],
    [
      'job-controller',
      [
        rule(['get', 'list', 'watch', 'update', 'patch'], { groups: [batchGroup], resources: ['jobs'] }),
        rule(['update'], { groups: [batchGroup], resources: ['jobs/status'] }),
        rule(['update'], { groups: [batchGroup], resources: ['jobs/finalizers'] }),
        rule(['list', 'watch', 'create', 'delete', 'patch'], { groups: [legacyGroup], resources: ['pods'] }),
        eventsRule(),
      ],
    ],
    [
      'namespace-controller',
      [
        rule(['get', 'list', 'watch', 'delete'], { groups: [legacyGroup], resources: ['namespaces'] }),
        rule(['update'], { groups: [legacyGroup], resources: ['namespaces/finalize', 'namespaces/status'] }),
        rule(['get', 'list', 'delete', 'deletecollection'], { groups: ['*'], resources: ['*'] }),
      ],
    ],
    [
      'node-controller',
      [
        rule(['get', 'list', 'update', 'delete', 'patch'], { groups: [legacyGroup], resources: ['nodes'] }),
        rule(['patch', 'update'], { groups: [legacyGroup], resources: ['nodes/status'] }),
        rule(['update'], { groups: [legacyGroup], resources: ['pods/status'] }),
        rule(['list', 'delete'], { groups: [legacyGroup], resources: ['pods'] }),
        eventsRule(),
        rule(['get'], { groups: [legacyGroup], resources: ['pods'] }),
        rule(['patch'], { groups: [legacyGroup], resources: ['pods/status'] }),
      ],
    ],
    [
      'persistent-volume-binder',
      [
        rule(['get', 'list', 'watch', 'update', 'create', 'delete'], {
          groups: [legacyGroup],
          resources: ['persistentvolumes'],
        }),
        rule(['update'], { groups: [legacyGroup], resources: ['persistentvolumes/status'] }),
        rule(['get', 'list', 'watch', 'update'], { groups: [legacyGroup], resources: ['persistentvolumeclaims'] }),
        rule(['update'], { groups: [legacyGroup], resources: ['persistentvolumeclaims/status'] }),
        rule(['list', 'watch', 'get', 'create', 'delete'], { groups: [legacyGroup], resources: ['pods'] }),
        rule(['get', 'list', 'watch'], { groups: [storageGroup], resources: ['storageclasses'] }),
        rule(['get', 'create', 'update', 'delete'], { groups: [legacyGroup], resources: ['endpoints'] }),
        rule(['get', 'create', 'delete'], { groups: [legacyGroup], resources: ['services'] }),
        rule(['get'], { groups: [legacyGroup], resources: ['secrets'] }),
        rule(['get', 'list'], { groups: [legacyGroup], resources: ['nodes'] }),
        rule(['watch'], { groups: [legacyGroup], resources: ['events'] }),
        eventsRule(),
      ],
    ],
    [
      'pod-garbage-collector',
      [
        rule(['list', 'watch', 'delete'], { groups: [legacyGroup], resources: ['pods'] }),
        rule(['get', 'list'], { groups: [legacyGroup], resources: ['nodes'] }),
        rule(['patch'], { groups: [legacyGroup], resources: ['pods/status'] }),
      ],
    ],
    [
      'replicaset-controller',
      [
        rule(['get', 'list', 'watch', 'update'], { groups: [appsGroup, extensionsGroup], resources: ['replicasets'] }),
        rule(['update'], { groups: [appsGroup, extensionsGroup], resources: ['replicasets/status'] }),
        rule(['update'], { groups: [appsGroup, extensionsGroup], resources: ['replicasets/finalizers'] }),
        rule(['list', 'watch', 'patch', 'create', 'delete'], { groups: [legacyGroup], resources: ['pods'] }),
        eventsRule(),
      ],
    ],
    [
      'replication-controller',
      [
        rule(['get', 'list', 'watch', 'update'], { groups: [legacyGroup], resources: ['replicationcontrollers'] }),
        rule(['update'], { groups: [legacyGroup], resources: ['replicationcontrollers/status'] }),
        rule(['update'], { groups: [legacyGroup], resources: ['replicationcontrollers/finalizers'] }),
        rule(['list', 'watch', 'patch', 'create', 'delete'], { groups: [legacyGroup], resources: ['pods'] }),
        eventsRule(),
      ],
    ],
    [
      'resourcequota-controller',
      [
        rule(['list', 'watch'], { groups: ['*'], resources: ['*'] }),
        rule(['update'], { groups: [legacyGroup], resources: ['resourcequotas/status'] }),
        eventsRule(),
      ],
    ],
    [
      'route-controller',
      [
        rule(['list', 'watch'], { groups: [legacyGroup], resources: ['nodes'] }),
        rule(['patch'], { groups: [legacyGroup], resources: ['nodes/status'] }),
        eventsRule(),
      ],
    ],
    [
      'service-account-controller',
      [rule(['create'], { groups: [legacyGroup], resources: ['serviceaccounts'] }), eventsRule()],
    ],
    [
      'service-controller',
      [
        rule(['get', 'list', 'watch'], { groups: [legacyGroup], resources: ['services'] }),
        rule(['patch', 'update'], { groups: [legacyGroup], resources: ['services/status'] }),
        rule(['list', 'watch'], { groups: [legacyGroup], resources: ['nodes'] }),
        eventsRule(),
      ],
    ],
    [
      'statefulset-controller',
      [
        rule(['list', 'watch'], { groups: [legacyGroup], resources: ['pods'] }),
        rule(['get', 'list', 'watch'], { groups: [appsGroup], resources: ['statefulsets'] }),
        rule(['update'], { groups: [appsGroup], resources: ['statefulsets/status'] }),
        rule(['update'], { groups: [appsGroup], resources: ['statefulsets/finalizers'] }),
        rule(['get', 'create', 'delete', 'update', 'patch'], { groups: [legacyGroup], resources: ['pods'] }),
        rule(['get', 'create', 'delete', 'update', 'patch', 'list', 'watch'], {
          groups: [appsGroup],
          resources: ['controllerrevisions'],
        }),
        rule(['get', 'create'], { groups: [legacyGroup], resources: ['persistentvolumeclaims'] }),
        eventsRule(),
        rule(['update', 'delete'], { groups: [legacyGroup], resources: ['persistentvolumeclaims'] }),
      ],
    ],
    [
      'ttl-controller',
      [rule(['update', 'patch', 'list', 'watch'], { groups: [legacyGroup], resources: ['nodes'] }), eventsRule()],
    ],
    [
      'certificate-controller',
      [
        rule(['get', 'list', 'watch', 'delete'], {
          groups: [certificatesGroup],
          resources: ['certificatesigningrequests'],
        }),
        rule(['update'], {
          groups: [certificatesGroup],
          resources: ['certificatesigningrequests/status', 'certificatesigningrequests/approval'],
        }),
        rule(['approve'], {
          groups: [certificatesGroup],
          resources: ['signers'],
          names: [kubeAPIServerClientKubeletSignerName],
        }),
        rule(['sign'], {
          groups: [certificatesGroup],
          resources: ['signers'],
          names: [
            legacyUnknownSignerName,
            kubeAPIServerClientSignerName,
            kubeAPIServerClientKubeletSignerName,
            kubeletServingSignerName,
          ],
        }),
        rule(['create'], { groups: [authorizationGroup], resources: ['subjectaccessreviews'] }),
        eventsRule(),
      ],
    ],
    [
      'pvc-protection-controller',
      [
        rule(['get', 'list', 'watch', 'update'], { groups: [legacyGroup], resources: ['persistentvolumeclaims'] }),
        rule(['list', 'watch', 'get'], { groups: [legacyGroup], resources: ['pods'] }),
        eventsRule(),
      ],
    ],
    [
      'pv-protection-controller',
      [
        rule(['get', 'list', 'watch', 'update'], { groups: [legacyGroup], resources: ['persistentvolumes'] }),
        eventsRule(),
      ],
    ],
    [
      'ttl-after-finished-controller',
      [rule(['get', 'list', 'watch', 'delete'], { groups: [batchGroup], resources: ['jobs'] }), eventsRule()],
    ],
    [
      'root-ca-cert-publisher',
      [rule(['create', 'update'], { groups: [legacyGroup], resources: ['configmaps'] }), eventsRule()],
    ],
    [
      'validatingadmissionpolicy-status-controller',
      [
        rule(['get', 'list', 'watch'], {
          groups: [admissionRegistrationGroup],
          resources: ['validatingadmissionpolicies'],
        }),
        rule(['get', 'patch', 'update'], {
          groups: [admissionRegistrationGroup],
          resources: ['validatingadmissionpolicies/status'],
        }),
        eventsRule(),
      ],
    ],
    [
      'legacy-service-account-token-cleaner',
      [
        rule(['get'], {
          groups: [legacyGroup],
          resources: ['configmaps'],
          names: ['kube-apiserver-legacy-service-account-token-tracking'],
        }),
        rule(['patch', 'delete'], { groups: [legacyGroup], resources: ['secrets'] }),
      ],
    ],
    [
      'taint-eviction-controller',
      [
        rule(['patch'], { groups: [legacyGroup], resources: ['pods/status'] }),
        rule(['list', 'get', 'delete'], { groups: [legacyGroup], resources: ['pods'] }),
        eventsRule(),
      ],
    ],
    [
      'service-cidrs-controller',
      [
        rule(['get', 'list', 'watch', 'patch', 'update'], { groups: [networkingGroup], resources: ['servicecidrs'] }),
        rule(['patch', 'update'], { groups: [networkingGroup], resources: ['servicecidrs/finalizers'] }),
        rule(['patch', 'update'], { groups: [networkingGroup], resources: ['servicecidrs/status'] }),
        rule(['get', 'list', 'watch'], { groups: [networkingGroup], resources: ['ipaddresses'] }),
        eventsRule(),
      ],
    ],
  ];
}

/** The controllers' ClusterRoles (upstream ControllerRoles()). */
export function controllerRoles(): ClusterRole[] {
  return controllerRules().map(([name, rules]) => clusterRole(saRolePrefix + name, rules));
}

/** Each controller role bound to the kube-system ServiceAccount of the same name (upstream ControllerRoleBindings()). */
export function controllerRoleBindings(): RoleBinding[] {
  return controllerRules().map(([name]) => clusterBinding(saRolePrefix + name, [serviceAccount('kube-system', name)]));
}
