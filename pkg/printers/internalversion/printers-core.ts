/**
 * Printers for core/v1 kinds other than pods (mirrors pkg/printers/internalversion/printers.go):
 * columns, types and cell values as upstream, so `kubectl get` output matches a real cluster.
 */
import { canonicalQuantity } from '../../api/resource/quantity.js';
import type {
  ConfigMap,
  Endpoints,
  Event,
  Namespace,
  Node,
  PersistentVolume,
  PersistentVolumeClaim,
  QuantityValue,
  ReplicationController,
  ResourceQuota,
  Secret,
  Service,
  ServiceAccount,
} from '../../apis/core/v1/types.js';
import { translateTimestampSince } from '../duration.js';
import {
  age,
  ageColumn,
  column,
  formatLabels,
  nameColumn,
  nameValueAgeTableConvertor,
  newTableConvertor,
} from '../tablegenerator.js';
import { replicasTableConvertor } from './printers-apps.js';

export const replicationControllerTableConvertor = replicasTableConvertor<ReplicationController>(
  'controller',
  column('Selector', 'string', 'Label query over pods that should match the replicas count.', { priority: 1 }),
  (rc) => formatLabels(rc.spec?.selector),
);

/** The EXTERNAL-IP column (upstream getServiceExternalIP, wide form). */
function serviceExternalIP(svc: Service): string {
  const spec = svc.spec ?? {};
  const externalIPs = spec.externalIPs ?? [];
  switch (spec.type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = [
        ...new Set(
          (svc.status?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname || '').filter((x) => x !== ''),
        ),
      ];
      if (externalIPs.length > 0) return [...lb, ...externalIPs].join(',');
      return lb.length > 0 ? lb.join(',') : '<pending>';
    }
    case 'ExternalName':
      return spec.externalName ?? '';
  }
  return '<unknown>';
}

export const serviceTableConvertor = newTableConvertor<Service>(
  [
    nameColumn,
    column('Type', 'string', 'How the service is exposed.'),
    column('Cluster-IP', 'string', 'The IP address of the service inside the cluster.'),
    column('External-IP', 'string', 'Addresses outside the cluster the service answers on.'),
    column('Port(s)', 'string', 'The ports the service exposes.'),
    ageColumn,
    column('Selector', 'string', 'Pods with these labels receive the traffic.', { priority: 1 }),
  ],
  (svc, now) => {
    const spec = svc.spec ?? {};
    const ports = (spec.ports ?? [])
      .map((p) =>
        p.nodePort ? `${p.port ?? 0}:${p.nodePort}/${p.protocol ?? ''}` : `${p.port ?? 0}/${p.protocol ?? ''}`,
      )
      .join(',');
    return {
      cells: [
        svc.metadata.name ?? '',
        spec.type ?? '',
        spec.clusterIPs?.[0] ?? '<none>',
        serviceExternalIP(svc),
        ports || '<none>',
        age(svc, now),
        formatLabels(spec.selector),
      ],
    };
  },
);

/** `ip:port` pairs, at most three, then `+ N more...` (upstream formatEndpoints). */
export function formatEndpoints(ep: Endpoints): string {
  const subsets = ep.subsets ?? [];
  if (subsets.length === 0) return '<none>';
  const list: string[] = [];
  let count = 0;
  for (const ss of subsets) {
    const addrs = ss.addresses ?? [];
    const ports = ss.ports ?? [];
    if (ports.length === 0) {
      count += addrs.length;
      for (const a of addrs) if (list.length < 3) list.push(a.ip ?? '');
      continue;
    }
    for (const p of ports) {
      count += addrs.length;
      for (const a of addrs) {
        const ip = a.ip ?? '';
        if (list.length < 3) list.push(ip.includes(':') ? `[${ip}]:${p.port ?? 0}` : `${ip}:${p.port ?? 0}`);
      }
    }
  }
  const shown = list.join(',');
  return count > 3 ? `${shown} + ${count - 3} more...` : shown;
}

export const endpointsTableConvertor = nameValueAgeTableConvertor<Endpoints>(
  column('Endpoints', 'string', 'The addresses backing the service.'),
  formatEndpoints,
);

function nodeRoles(node: Node): string {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(node.metadata.labels ?? {})) {
    if (k.startsWith('node-role.kubernetes.io/') && k.length > 'node-role.kubernetes.io/'.length)
      roles.add(k.slice('node-role.kubernetes.io/'.length));
    else if (k === 'kubernetes.io/role' && v !== '') roles.add(v);
  }
  return roles.size === 0 ? '<none>' : [...roles].sort().join(',');
}

export const nodeTableConvertor = newTableConvertor<Node>(
  [
    nameColumn,
    column('Status', 'string', 'The status of the node'),
    column('Roles', 'string', 'The roles of the node'),
    ageColumn,
    column('Version', 'string', 'Kubelet version reported by the node.'),
    column('Internal-IP', 'string', 'The node internal IP address.', { priority: 1 }),
    column('External-IP', 'string', 'The node external IP address.', { priority: 1 }),
    column('OS-Image', 'string', 'OS image reported by the node.', { priority: 1 }),
    column('Kernel-Version', 'string', 'Kernel version reported by the node.', { priority: 1 }),
    column('Container-Runtime', 'string', 'Container runtime version reported by the node.', { priority: 1 }),
  ],
  (node, now) => {
    const ready = (node.status?.conditions ?? []).filter((c) => c.type === 'Ready').pop();
    const statuses = ready ? [ready.status === 'True' ? 'Ready' : 'NotReady'] : ['Unknown'];
    if (node.spec?.unschedulable) statuses.push('SchedulingDisabled');
    const info = node.status?.nodeInfo ?? {};
    const addr = (type: string) => (node.status?.addresses ?? []).find((a) => a.type === type)?.address ?? '<none>';
    return {
      cells: [
        node.metadata.name ?? '',
        statuses.join(','),
        nodeRoles(node),
        age(node, now),
        info.kubeletVersion ?? '',
        addr('InternalIP'),
        addr('ExternalIP'),
        info.osImage || '<unknown>',
        info.kernelVersion || '<unknown>',
        info.containerRuntimeVersion || '<unknown>',
      ],
    };
  },
);

export const eventTableConvertor = newTableConvertor<Event>(
  [
    column('Last Seen', 'string', 'When the event was last observed.'),
    column('Type', 'string', 'Normal or Warning.'),
    column('Reason', 'string', 'Why the action was taken (machine readable).'),
    column('Object', 'string', 'The object this event is about.'),
    column('Subobject', 'string', 'The part of the object the event is about.', { priority: 1 }),
    column('Source', 'string', 'The component (and host) reporting the event.', { priority: 1 }),
    column('Message', 'string', 'A human-readable description.'),
    column('First Seen', 'string', 'When the event was first observed.', { priority: 1 }),
    column('Count', 'string', 'How many times the event occurred.', { priority: 1 }),
    column('Name', 'string', 'The name of the event.', { priority: 1, format: 'name' }),
  ],
  (ev, now) => {
    const first = ev.firstTimestamp
      ? translateTimestampSince(ev.firstTimestamp, now)
      : translateTimestampSince(ev.eventTime, now);
    let last = ev.lastTimestamp ? translateTimestampSince(ev.lastTimestamp, now) : first;
    let count = ev.count ?? 0;
    if (ev.series) {
      last = translateTimestampSince(ev.series.lastObservedTime, now);
      count = ev.series.count ?? 0;
    } else if (count === 0) {
      count = 1;
    }
    const kind = (ev.involvedObject?.kind ?? '').toLowerCase();
    const target = ev.involvedObject?.name ? `${kind}/${ev.involvedObject.name}` : kind;
    const component = ev.source?.component || ev.reportingComponent || '';
    const instance = ev.source?.host || ev.reportingInstance || '';
    const source = instance ? `${component}, ${instance}` : component;
    return {
      cells: [
        last,
        ev.type ?? '',
        ev.reason ?? '',
        target,
        ev.involvedObject?.fieldPath ?? '',
        source,
        (ev.message ?? '').trim(),
        first,
        count,
        ev.metadata.name ?? '',
      ],
    };
  },
);

export const namespaceTableConvertor = nameValueAgeTableConvertor<Namespace>(
  column('Status', 'string', 'The status of the namespace'),
  (ns) => ns.status?.phase ?? '',
);

export const secretTableConvertor = newTableConvertor<Secret>(
  [
    nameColumn,
    column('Type', 'string', 'The type of the secret.'),
    column('Data', 'string', 'Number of keys in the secret.'),
    ageColumn,
  ],
  (s, now) => ({ cells: [s.metadata.name ?? '', s.type ?? '', Object.keys(s.data ?? {}).length, age(s, now)] }),
);

export const configMapTableConvertor = nameValueAgeTableConvertor<ConfigMap>(
  column('Data', 'string', 'Number of keys in the config map.'),
  (cm) => Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length,
);

export const serviceAccountTableConvertor = nameValueAgeTableConvertor<ServiceAccount>(
  column('Secrets', 'string', 'Number of secrets referenced.'),
  (sa) => (sa.secrets ?? []).length,
);

/** A quantity in canonical form (`1Gi`, `500m`); '0' when absent, as Go prints a zero Quantity. */
function quantityCell(q: QuantityValue | undefined): string {
  return q === undefined ? '0' : (canonicalQuantity(q) ?? String(q));
}

const accessModeAbbrev: [string, string][] = [
  ['ReadWriteOnce', 'RWO'],
  ['ReadOnlyMany', 'ROX'],
  ['ReadWriteMany', 'RWX'],
  ['ReadWriteOncePod', 'RWOP'],
];

/** `RWO,ROX` in upstream's fixed order (GetAccessModesAsString). */
export function accessModesString(modes: string[] | undefined): string {
  return accessModeAbbrev
    .filter(([m]) => (modes ?? []).includes(m))
    .map(([, a]) => a)
    .join(',');
}

const betaStorageClassAnnotation = 'volume.beta.kubernetes.io/storage-class';

export const persistentVolumeTableConvertor = newTableConvertor<PersistentVolume>(
  [
    nameColumn,
    column('Capacity', 'string', 'The capacity of the volume.'),
    column('Access Modes', 'string', 'How the volume can be mounted.'),
    column('Reclaim Policy', 'string', 'What happens to the volume when released.'),
    column('Status', 'string', 'The phase of the volume.'),
    column('Claim', 'string', 'The claim bound to the volume.'),
    column('StorageClass', 'string', 'StorageClass of the pv'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pv'),
    column('Reason', 'string', 'Why the volume is in this phase.'),
    ageColumn,
    column('VolumeMode', 'string', 'Filesystem or Block.', { priority: 1 }),
  ],
  (pv, now) => {
    const spec = pv.spec ?? {};
    const claim = spec.claimRef ? `${spec.claimRef.namespace ?? ''}/${spec.claimRef.name ?? ''}` : '';
    const phase = pv.metadata.deletionTimestamp ? 'Terminating' : (pv.status?.phase ?? '');
    const cls = spec.storageClassName ?? pv.metadata.annotations?.[betaStorageClassAnnotation] ?? '';
    return {
      cells: [
        pv.metadata.name ?? '',
        quantityCell(spec.capacity?.['storage']),
        accessModesString(spec.accessModes),
        spec.persistentVolumeReclaimPolicy ?? '',
        phase,
        claim,
        cls,
        spec.volumeAttributesClassName ?? '<unset>',
        pv.status?.reason ?? '',
        age(pv, now),
        spec.volumeMode ?? '<unset>',
      ],
    };
  },
);

export const persistentVolumeClaimTableConvertor = newTableConvertor<PersistentVolumeClaim>(
  [
    nameColumn,
    column('Status', 'string', 'The phase of the claim.'),
    column('Volume', 'string', 'The volume bound to the claim.'),
    column('Capacity', 'string', 'The capacity of the bound volume.'),
    column('Access Modes', 'string', 'How the bound volume can be mounted.'),
    column('StorageClass', 'string', 'StorageClass of the pvc'),
    column('VolumeAttributesClass', 'string', 'VolumeAttributesClass of the pvc'),
    ageColumn,
    column('VolumeMode', 'string', 'Filesystem or Block.', { priority: 1 }),
  ],
  (pvc, now) => {
    const spec = pvc.spec ?? {};
    const bound = Boolean(spec.volumeName);
    const capacity = bound ? quantityCell(pvc.status?.capacity?.['storage']) : '';
    const cls = spec.storageClassName ?? pvc.metadata.annotations?.[betaStorageClassAnnotation] ?? '';
    return {
      cells: [
        pvc.metadata.name ?? '',
        pvc.metadata.deletionTimestamp ? 'Terminating' : (pvc.status?.phase ?? ''),
        spec.volumeName ?? '',
        capacity,
        bound ? accessModesString(pvc.status?.accessModes) : '',
        cls,
        spec.volumeAttributesClassName ?? '<unset>',
        age(pvc, now),
        spec.volumeMode ?? '<unset>',
      ],
    };
  },
);

export const resourceQuotaTableConvertor = newTableConvertor<ResourceQuota>(
  [
    nameColumn,
    ageColumn,
    column('Request', 'string', 'Request represents a minimum amount of cpu/memory that a container may consume.'),
    column(
      'Limit',
      'string',
      'Limits control the maximum amount of cpu/memory that a container may use independent of contention on the node.',
    ),
  ],
  (rq, now) => {
    const hard = rq.status?.hard ?? {};
    const used = rq.status?.used ?? {};
    const requests: string[] = [];
    const limits: string[] = [];
    for (const r of Object.keys(hard).sort()) {
      const text = `${r}: ${quantityCell(used[r])}/${quantityCell(hard[r])}`;
      (r.split('.')[0] === 'limits' && r.includes('.') ? limits : requests).push(text);
    }
    return { cells: [rq.metadata.name ?? '', age(rq, now), requests.join(', '), limits.join(', ')] };
  },
);
