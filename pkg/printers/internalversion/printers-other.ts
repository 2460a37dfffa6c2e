/**
 * Printers for networking, discovery, coordination, storage, scheduling and RBAC bindings
 * (mirrors pkg/printers/internalversion/printers.go).
 */
import type { Lease } from '../../apis/coordination/v1/types.js';
import type { EndpointSlice } from '../../apis/discovery/v1/types.js';
import { formatLabelSelector } from '../../apis/meta/v1/validation/validation.js';
import type { Ingress, IngressClass, NetworkPolicy } from '../../apis/networking/v1/types.js';
import type { RoleBinding } from '../../apis/rbac/v1/types.js';
import type { PriorityClass } from '../../apis/scheduling/v1/types.js';
import type { StorageClass } from '../../apis/storage/v1/types.js';
import {
  age,
  ageColumn,
  column,
  listWithMore,
  nameColumn,
  nameValueAgeTableConvertor,
  newTableConvertor,
} from '../tablegenerator.js';

export const ingressTableConvertor = newTableConvertor<Ingress>(
  [
    nameColumn,
    column('Class', 'string', 'The name of the IngressClass resource that should be used for additional configuration'),
    column('Hosts', 'string', 'Hosts that incoming requests are matched against before the ingress rule'),
    column('Address', 'string', 'Address is a list containing ingress points for the load-balancer'),
    column('Ports', 'string', 'Ports of TLS configurations that open'),
    ageColumn,
  ],
  (ing, now) => {
    const rules = ing.spec?.rules ?? [];
    // Upstream formatHosts: three hosts at most; "more" once a fourth rule is seen after three hosts.
    const hosts: string[] = [];
    let more = false;
    for (const r of rules) {
      if (hosts.length === 3) more = true;
      if (!more && r.host) hosts.push(r.host);
    }
    let hostText = hosts.length === 0 ? '*' : hosts.join(',');
    if (hosts.length > 0 && more) hostText = `${hostText} + ${rules.length - 3} more...`;
    const address = [
      ...new Set(
        (ing.status?.loadBalancer?.ingress ?? []).map((i) => i.ip || i.hostname || '').filter((x) => x !== ''),
      ),
    ].join(',');
    const ports = (ing.spec?.tls ?? []).length > 0 ? '80, 443' : '80';
    return {
      cells: [ing.metadata.name ?? '', ing.spec?.ingressClassName ?? '<none>', hostText, address, ports, age(ing, now)],
    };
  },
);

export const ingressClassTableConvertor = newTableConvertor<IngressClass>(
  [
    nameColumn,
    column('Controller', 'string', 'Controller that is responsible for handling this class'),
    column('Parameters', 'string', 'A reference to a resource with additional parameters'),
    ageColumn,
  ],
  (ic, now) => {
    const p = ic.spec?.parameters;
    const params = p ? `${p.kind ?? ''}${p.apiGroup ? `.${p.apiGroup}` : ''}/${p.name ?? ''}` : '<none>';
    return { cells: [ic.metadata.name ?? '', ic.spec?.controller ?? '', params, age(ic, now)] };
  },
);

export const networkPolicyTableConvertor = nameValueAgeTableConvertor<NetworkPolicy>(
  column('Pod-Selector', 'string', 'The pods this policy applies to.'),
  (np) => formatLabelSelector(np.spec?.podSelector ?? {}),
);

export const endpointSliceTableConvertor = newTableConvertor<EndpointSlice>(
  [
    nameColumn,
    column('AddressType', 'string', 'The type of addresses in the slice.'),
    column('Ports', 'string', 'The ports of the slice.'),
    column('Endpoints', 'string', 'The addresses of the slice.'),
    ageColumn,
  ],
  (es, now) => {
    const ports = (es.ports ?? []).map((p) =>
      p.port !== undefined && p.port !== null ? String(p.port) : p.name !== undefined ? p.name : '*',
    );
    const addrs = (es.endpoints ?? []).flatMap((e) => e.addresses ?? []);
    return {
      cells: [
        es.metadata.name ?? '',
        es.addressType ?? '',
        listWithMore(ports, ports.length, 3),
        listWithMore(addrs, addrs.length, 3),
        age(es, now),
      ],
    };
  },
);

export const leaseTableConvertor = nameValueAgeTableConvertor<Lease>(
  column('Holder', 'string', 'The identity currently holding the lease.'),
  (l) => l.spec?.holderIdentity ?? '',
);

const defaultClassAnnotations = [
  'storageclass.kubernetes.io/is-default-class',
  'storageclass.beta.kubernetes.io/is-default-class',
];

export const storageClassTableConvertor = newTableConvertor<StorageClass>(
  [
    nameColumn,
    column('Provisioner', 'string', 'The volume plugin or CSI driver that provisions volumes.'),
    column('ReclaimPolicy', 'string', 'What happens to provisioned volumes when released.'),
    column('VolumeBindingMode', 'string', 'When volumes are bound and provisioned.'),
    column('AllowVolumeExpansion', 'string', 'Whether volumes may be expanded.'),
    ageColumn,
  ],
  (sc, now) => {
    const isDefault = defaultClassAnnotations.some((a) => sc.metadata.annotations?.[a] === 'true');
    return {
      cells: [
        `${sc.metadata.name ?? ''}${isDefault ? ' (default)' : ''}`,
        sc.provisioner ?? '',
        sc.reclaimPolicy ?? 'Delete',
        sc.volumeBindingMode ?? 'Immediate',
        sc.allowVolumeExpansion ?? false,
        age(sc, now),
      ],
    };
  },
);

export const priorityClassTableConvertor = newTableConvertor<PriorityClass>(
  [
    nameColumn,
    column('Value', 'integer', 'The priority pods of this class get.'),
    column('Global-Default', 'boolean', 'Whether pods without a class get this one.'),
    ageColumn,
    column('PreemptionPolicy', 'string', 'Whether pods of this class preempt lower-priority pods.'),
  ],
  (pc, now) => ({
    cells: [pc.metadata.name ?? '', pc.value ?? 0, pc.globalDefault ?? false, age(pc, now), pc.preemptionPolicy ?? ''],
  }),
);

/** Users, groups and service accounts (`ns/name`) of a binding (upstream SubjectsStrings). */
function subjectsStrings(rb: RoleBinding): [string, string, string] {
  const users: string[] = [];
  const groups: string[] = [];
  const sas: string[] = [];
  for (const s of rb.subjects ?? []) {
    if (s.kind === 'User') users.push(s.name ?? '');
    else if (s.kind === 'Group') groups.push(s.name ?? '');
    else if (s.kind === 'ServiceAccount') sas.push(`${s.namespace ?? ''}/${s.name ?? ''}`);
  }
  return [users.join(', '), groups.join(', '), sas.join(', ')];
}

function bindingConvertor(what: string) {
  return newTableConvertor<RoleBinding>(
    [
      nameColumn,
      column('Role', 'string', 'The role the binding grants.'),
      ageColumn,
      column('Users', 'string', `Users in the ${what}`, { priority: 1 }),
      column('Groups', 'string', `Groups in the ${what}`, { priority: 1 }),
      column('ServiceAccounts', 'string', `ServiceAccounts in the ${what}`, { priority: 1 }),
    ],
    (rb, now) => ({
      cells: [
        rb.metadata.name ?? '',
        `${rb.roleRef?.kind ?? ''}/${rb.roleRef?.name ?? ''}`,
        age(rb, now),
        ...subjectsStrings(rb),
      ],
    }),
  );
}

export const roleBindingTableConvertor = bindingConvertor('roleBinding');
export const clusterRoleBindingTableConvertor = bindingConvertor('clusterRoleBinding');
