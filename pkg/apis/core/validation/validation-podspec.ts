/**
 * PodSpec validation (pkg/apis/core/validation: ValidatePodSpec and what it calls: tolerations,
 * affinity, DNS config, security context, topology spread, scheduling gates). Used for pods and
 * for the pod templates of every workload.
 */
import type { ObjectMeta } from '../../meta/v1/types.js';
import { validateLabelName, validateLabels, validateLabelSelector } from '../../meta/v1/validation/validation.js';
import {
  duplicate,
  forbidden,
  invalid,
  notFound,
  notSupported,
  type FieldError,
  type Path,
} from '../../../util/validation/field/errors.js';
import {
  inclusiveRangeError,
  isDNS1123SubdomainWithUnderscore,
  isValidGroupID,
  isValidLabelValue,
  isValidUserID,
} from '../../../util/validation/validation.js';
import { isValidIP } from '../../../util/validation/ip.js';
import type { Affinity, NodeSelectorTerm, PodAffinitySpec, PodSpec, Toleration } from '../v1/types.js';
import { validateContainerCommon, validateContainers, validateInitContainers } from './validation-container.js';
import { validateResourceRequirements } from './validation-resources.js';
import { validateVolumes } from './validation-volumes.js';
import {
  isNotPositiveErrorMsg,
  nameErrors,
  requiredAt,
  validateDNS1123Label,
  validateDNS1123Subdomain,
  validateNamespaceName,
  validateNodeName,
  validatePriorityClassName,
  validateQualifiedName,
  validateServiceAccountName,
} from './validation.js';

export interface PodValidationOptions {
  /** The spec belongs to a Pod (not a template): host ports must equal container ports on the host network. */
  resourceIsPod?: boolean;
}

const maxInt32 = 2147483647;

export function validateTolerations(tolerations: Toleration[] | undefined, fldPath: Path): FieldError[] {
  const errs: FieldError[] = [];
  (tolerations ?? []).forEach((t, i) => {
    const idx = fldPath.index(i);
    const key = t.key ?? '';
    const op = t.operator ?? '';
    if (key) errs.push(...validateLabelName(key, idx.child('key')));
    if (!key && op !== 'Exists')
      errs.push(
        invalid(
          String(idx.child('operator')),
          op,
          'operator must be Exists when `key` is empty, which means "match all values and all keys"',
        ),
      );
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== 'NoExecute') {
      errs.push(
        invalid(
          String(idx.child('effect')),
          t.effect ?? '',
          "effect must be 'NoExecute' when `tolerationSeconds` is set",
        ),
      );
    }
    if (op === 'Equal' || op === '') {
      const msgs = isValidLabelValue(t.value ?? '');
      if (msgs.length > 0) errs.push(invalid(String(idx.child('operator')), t.value ?? '', msgs.join(';')));
    } else if (op === 'Exists') {
      if (t.value)
        errs.push(invalid(String(idx.child('operator')), t.value, "value must be empty when `operator` is 'Exists'"));
    } else {
      errs.push(notSupported(String(idx.child('operator')), op, ['Equal', 'Exists']));
    }
    if (t.effect) errs.push(...validateTaintEffect(t.effect, idx.child('effect')));
  });
  return errs;
}

export function validateTaintEffect(effect: string, fldPath: Path): FieldError[] {
  const valid = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
  return valid.includes(effect) ? [] : [notSupported(String(fldPath), effect, valid)];
}

function validateNodeSelectorTerm(term: NodeSelectorTerm, allowInvalidValues: boolean, fldPath: Path): FieldError[] {
  const errs: FieldError[] = [];
  (term.matchExpressions ?? []).forEach((rq, j) => {
    const p = fldPath.child('matchExpressions').index(j);
    const values = rq.values ?? [];
    switch (rq.operator) {
      case 'In':
      case 'NotIn':
        if (values.length === 0)
          errs.push(requiredAt(p.child('values'), "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists':
      case 'DoesNotExist':
        if (values.length > 0)
          errs.push(
            forbidden(String(p.child('values')), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"),
          );
        break;
      case 'Gt':
      case 'Lt':
        if (values.length !== 1)
          errs.push(requiredAt(p.child('values'), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
        break;
      default:
        errs.push(invalid(String(p.child('operator')), rq.operator ?? '', 'not a valid selector operator'));
    }
    errs.push(...validateLabelName(rq.key ?? '', p.child('key')));
    if (!allowInvalidValues)
      values.forEach((v, k) => {
        errs.push(...isValidLabelValue(v).map((m) => invalid(String(p.child('values').index(k)), v, m)));
      });
  });
  (term.matchFields ?? []).forEach((rq, j) => {
    const p = fldPath.child('matchFields').index(j);
    if (rq.operator !== 'In' && rq.operator !== 'NotIn')
      errs.push(invalid(String(p.child('operator')), rq.operator ?? '', 'not a valid selector operator'));
    else if ((rq.values ?? []).length !== 1)
      errs.push(
        requiredAt(
          p.child('values'),
          "must be only one value when `operator` is 'In' or 'NotIn' for node field selector",
        ),
      );
    if (rq.key !== 'metadata.name')
      errs.push(invalid(String(p.child('key')), rq.key ?? '', 'not a valid field selector key'));
    else
      (rq.values ?? []).forEach((v, k) => {
        errs.push(...nameErrors(validateNodeName, v, p.child('values').index(k)));
      });
  });
  return errs;
}

function validatePodAffinity(spec: PodAffinitySpec, fldPath: Path): FieldError[] {
  const errs: FieldError[] = [];
  const term = (t: NonNullable<PodAffinitySpec['requiredDuringSchedulingIgnoredDuringExecution']>[number], p: Path) => {
    errs.push(...validateLabelSelector(t.labelSelector, {}, p.child('labelSelector')));
    errs.push(...validateLabelSelector(t.namespaceSelector, {}, p.child('namespaceSelector')));
    for (const ns of t.namespaces ?? []) errs.push(...nameErrors(validateNamespaceName, ns, p.child('namespace')));
    if (!t.topologyKey) errs.push(requiredAt(p.child('topologyKey'), 'can not be empty'));
    errs.push(...validateLabelName(t.topologyKey ?? '', p.child('topologyKey')));
  };
  (spec.requiredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) => {
    term(t, fldPath.child('requiredDuringSchedulingIgnoredDuringExecution').index(i));
  });
  (spec.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((w, i) => {
    const p = fldPath.child('preferredDuringSchedulingIgnoredDuringExecution').index(i);
    if (!w.weight || w.weight <= 0 || w.weight > 100)
      errs.push(invalid(String(p.child('weight')), w.weight ?? 0, 'must be in the range 1-100'));
    term(w.podAffinityTerm ?? {}, p.child('podAffinityTerm'));
  });
  return errs;
}

function validateAffinity(a: Affinity | undefined, fldPath: Path): FieldError[] {
  if (!a) return [];
  const errs: FieldError[] = [];
  const na = a.nodeAffinity;
  if (na) {
    const p = fldPath.child('nodeAffinity');
    const req = na.requiredDuringSchedulingIgnoredDuringExecution;
    if (req) {
      const tp = p.child('requiredDuringSchedulingIgnoredDuringExecution').child('nodeSelectorTerms');
      if ((req.nodeSelectorTerms ?? []).length === 0)
        errs.push(requiredAt(tp, 'must have at least one node selector term'));
      (req.nodeSelectorTerms ?? []).forEach((t, i) => {
        errs.push(...validateNodeSelectorTerm(t, false, tp.index(i)));
      });
    }
    (na.preferredDuringSchedulingIgnoredDuringExecution ?? []).forEach((t, i) => {
      const tp = p.child('preferredDuringSchedulingIgnoredDuringExecution').index(i);
      if (!t.weight || t.weight <= 0 || t.weight > 100)
        errs.push(invalid(String(tp.child('weight')), t.weight ?? 0, 'must be in the range 1-100'));
      errs.push(...validateNodeSelectorTerm(t.preference ?? {}, true, tp.child('preference')));
    });
  }
  if (a.podAffinity) errs.push(...validatePodAffinity(a.podAffinity, fldPath.child('podAffinity')));
  if (a.podAntiAffinity) errs.push(...validatePodAffinity(a.podAntiAffinity, fldPath.child('podAntiAffinity')));
  return errs;
}

function validateDNSConfig(spec: PodSpec, fldPath: Path): FieldError[] {
  const cfg = spec.dnsConfig;
  if (spec.dnsPolicy === 'None') {
    if (!cfg) return [requiredAt(fldPath, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if ((cfg.nameservers ?? []).length === 0)
      return [
        requiredAt(fldPath.child('nameservers'), 'must provide at least one DNS nameserver when `dnsPolicy` is None'),
      ];
  }
  if (!cfg) return [];
  const errs: FieldError[] = [];
  const ns = cfg.nameservers ?? [];
  if (ns.length > 3)
    errs.push(invalid(String(fldPath.child('nameservers')), ns, 'must not have more than 3 nameservers'));
  ns.forEach((n, i) => {
    errs.push(...isValidIP(fldPath.child('nameservers').index(i), n));
  });
  const searches = cfg.searches ?? [];
  if (searches.length > 32)
    errs.push(invalid(String(fldPath.child('searches')), searches, 'must not have more than 32 search paths'));
  if (searches.join(' ').length > 2048)
    errs.push(
      invalid(
        String(fldPath.child('searches')),
        searches,
        'must not have more than 2048 characters (including spaces) in the search list',
      ),
    );
  searches.forEach((s, i) => {
    // Relaxed DNS search validation (default since 1.34): '.' alone and underscores are accepted.
    if (s === '.') return;
    const trimmed = s.endsWith('.') ? s.slice(0, -1) : s;
    errs.push(
      ...isDNS1123SubdomainWithUnderscore(trimmed).map((m) =>
        invalid(String(fldPath.child('searches').index(i)), trimmed, m),
      ),
    );
  });
  (cfg.options ?? []).forEach((o, i) => {
    if (!o.name) errs.push(requiredAt(fldPath.child('options').index(i), 'must not be empty'));
  });
  return errs;
}

function validatePodSecurityContext(spec: PodSpec, fldPath: Path): FieldError[] {
  const sc = spec.securityContext;
  if (!sc) return [];
  const errs: FieldError[] = [];
  if (sc.fsGroup !== undefined)
    errs.push(...isValidGroupID(sc.fsGroup).map((m) => invalid(String(fldPath.child('fsGroup')), sc.fsGroup, m)));
  if (sc.runAsUser !== undefined)
    errs.push(...isValidUserID(sc.runAsUser).map((m) => invalid(String(fldPath.child('runAsUser')), sc.runAsUser, m)));
  if (sc.runAsGroup !== undefined)
    errs.push(
      ...isValidGroupID(sc.runAsGroup).map((m) => invalid(String(fldPath.child('runAsGroup')), sc.runAsGroup, m)),
    );
  (sc.supplementalGroups ?? []).forEach((g, i) => {
    errs.push(...isValidGroupID(g).map((m) => invalid(String(fldPath.child('supplementalGroups').index(i)), g, m)));
  });
  if (spec.shareProcessNamespace === true && spec.hostPID === true) {
    errs.push(
      invalid(
        String(fldPath.child('shareProcessNamespace')),
        true,
        'ShareProcessNamespace and HostPID cannot both be enabled',
      ),
    );
  }
  const seen = new Set<string>();
  (sc.sysctls ?? []).forEach((s, i) => {
    const p = fldPath.child('sysctls').index(i).child('name');
    if (!s.name) errs.push(requiredAt(p));
    else if (
      s.name.length > 253 ||
      !/^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/.test(s.name)
    ) {
      errs.push(
        invalid(
          String(p),
          s.name,
          'must have at most 253 characters and match regex ^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[\\./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$',
        ),
      );
    } else if (seen.has(s.name)) errs.push(duplicate(String(p), s.name));
    if (s.name) seen.add(s.name);
  });
  if (sc.fsGroupChangePolicy !== undefined && !['Always', 'OnRootMismatch'].includes(sc.fsGroupChangePolicy)) {
    errs.push(
      notSupported(String(fldPath.child('fsGroupChangePolicy')), sc.fsGroupChangePolicy, ['Always', 'OnRootMismatch']),
    );
  }
  return errs;
}

function validateTopologySpread(spec: PodSpec, fldPath: Path): FieldError[] {
  const errs: FieldError[] = [];
  const list = spec.topologySpreadConstraints ?? [];
  list.forEach((c, i) => {
    const p = fldPath.index(i);
    if ((c.maxSkew ?? 0) <= 0) errs.push(invalid(String(p.child('maxSkew')), c.maxSkew ?? 0, isNotPositiveErrorMsg));
    if (!c.topologyKey) errs.push(requiredAt(p.child('topologyKey'), 'can not be empty'));
    if (!['DoNotSchedule', 'ScheduleAnyway'].includes(c.whenUnsatisfiable ?? ''))
      errs.push(
        notSupported(String(p.child('whenUnsatisfiable')), c.whenUnsatisfiable ?? '', [
          'DoNotSchedule',
          'ScheduleAnyway',
        ]),
      );
    if (list.slice(i + 1).some((o) => o.topologyKey === c.topologyKey && o.whenUnsatisfiable === c.whenUnsatisfiable)) {
      errs.push(
        duplicate(
          String(p.child('{topologyKey, whenUnsatisfiable}')),
          `{${c.topologyKey ?? ''}, ${c.whenUnsatisfiable ?? ''}}`,
        ),
      );
    }
    if (c.minDomains !== undefined && c.minDomains !== null) {
      if (c.minDomains <= 0) errs.push(invalid(String(p.child('minDomains')), c.minDomains, isNotPositiveErrorMsg));
      if (c.whenUnsatisfiable !== 'DoNotSchedule')
        errs.push(
          invalid(
            String(p.child('minDomains')),
            c.minDomains,
            `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${c.whenUnsatisfiable ?? ''}`,
          ),
        );
    }
    for (const f of ['nodeAffinityPolicy', 'nodeTaintsPolicy'] as const) {
      const v = c[f];
      if (v !== undefined && !['Honor', 'Ignore'].includes(v))
        errs.push(notSupported(String(p.child(f)), v, ['Honor', 'Ignore']));
    }
    errs.push(...validateLabelSelector(c.labelSelector, {}, p.child('labelSelector')));
  });
  return errs;
}

/**
 * Validates a PodSpec. `podMeta` is the pod's metadata for real pods (it names generated PVCs of
 * ephemeral volumes), undefined for templates.
 */
export function validatePodSpec(
  spec: PodSpec,
  podMeta: ObjectMeta | undefined,
  fldPath: Path,
  opts: PodValidationOptions = {},
): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.terminationGracePeriodSeconds === undefined || spec.terminationGracePeriodSeconds === null)
    errs.push(requiredAt(fldPath.child('terminationGracePeriodSeconds')));
  const grace = spec.terminationGracePeriodSeconds ?? undefined;
  const { vols, errs: volErrs } = validateVolumes(spec.volumes, podMeta, fldPath.child('volumes'));
  errs.push(...volErrs);
  errs.push(...validateContainers(spec.containers, vols, grace, fldPath.child('containers'), spec.restartPolicy));
  errs.push(
    ...validateInitContainers(
      spec.initContainers,
      spec.containers,
      vols,
      grace,
      fldPath.child('initContainers'),
      spec.restartPolicy,
    ),
  );
  const others = new Set([...(spec.containers ?? []), ...(spec.initContainers ?? [])].map((c) => c.name ?? ''));
  const allNames = new Set(others);
  (spec.ephemeralContainers ?? []).forEach((ec, i) => {
    const idx = fldPath.child('ephemeralContainers').index(i);
    errs.push(...validateContainerCommon(ec, vols, idx, spec.restartPolicy));
    if (allNames.has(ec.name ?? '')) errs.push(duplicate(String(idx.child('name')), ec.name ?? ''));
    else allNames.add(ec.name ?? '');
    if (ec.targetContainerName && !others.has(ec.targetContainerName))
      errs.push(notFound(String(idx.child('targetContainerName')), ec.targetContainerName));
  });
  if (spec.hostNetwork) {
    (spec.containers ?? []).forEach((c, i) => {
      (c.ports ?? []).forEach((p, j) => {
        const hp = p.hostPort ?? 0;
        if ((opts.resourceIsPod || hp !== 0) && hp !== p.containerPort) {
          errs.push(
            invalid(
              String(fldPath.child('containers').index(i).child('ports').index(j).child('hostPort')),
              hp,
              'must match `containerPort` when `hostNetwork` is true',
            ),
          );
        }
      });
    });
  }
  const restart = spec.restartPolicy ?? '';
  if (restart === '') errs.push(requiredAt(fldPath.child('restartPolicy')));
  else if (!['Always', 'OnFailure', 'Never'].includes(restart))
    errs.push(notSupported(String(fldPath.child('restartPolicy')), restart, ['Always', 'OnFailure', 'Never']));
  const dns = spec.dnsPolicy ?? '';
  const dnsValues = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
  if (dns === '') errs.push(requiredAt(fldPath.child('dnsPolicy')));
  else if (!dnsValues.includes(dns)) errs.push(notSupported(String(fldPath.child('dnsPolicy')), dns, dnsValues));
  errs.push(...validateLabels(spec.nodeSelector, fldPath.child('nodeSelector')));
  errs.push(...validatePodSecurityContext(spec, fldPath.child('securityContext')));
  (spec.imagePullSecrets ?? []).forEach((s, i) => {
    if (Object.keys(s).some((k) => k !== 'name'))
      errs.push(invalid(String(fldPath.child('imagePullSecrets').index(i)), s, 'only name may be set'));
  });
  errs.push(...validateAffinity(spec.affinity, fldPath.child('affinity')));
  errs.push(...validateDNSConfig(spec, fldPath.child('dnsConfig')));
  (spec.readinessGates ?? []).forEach((g, i) => {
    errs.push(
      ...validateQualifiedName(g.conditionType ?? '', fldPath.child('readinessGates').index(i).child('conditionType')),
    );
  });
  const gates = new Set<string>();
  (spec.schedulingGates ?? []).forEach((g, i) => {
    errs.push(...validateQualifiedName(g.name ?? '', fldPath.child('schedulingGates').index(i)));
    if (gates.has(g.name ?? '')) errs.push(duplicate(String(fldPath.child('schedulingGates').index(i)), g.name ?? ''));
    gates.add(g.name ?? '');
  });
  errs.push(...validateTopologySpread(spec, fldPath.child('topologySpreadConstraints')));
  if (spec.serviceAccountName)
    errs.push(...nameErrors(validateServiceAccountName, spec.serviceAccountName, fldPath.child('serviceAccountName')));
  if (spec.nodeName) errs.push(...nameErrors(validateNodeName, spec.nodeName, fldPath.child('nodeName')));
  if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null) {
    const v = spec.activeDeadlineSeconds;
    if (v < 1 || v > maxInt32)
      errs.push(invalid(String(fldPath.child('activeDeadlineSeconds')), v, inclusiveRangeError(1, maxInt32)));
  }
  if (spec.hostname) errs.push(...validateDNS1123Label(spec.hostname, fldPath.child('hostname')));
  if (spec.subdomain) errs.push(...validateDNS1123Label(spec.subdomain, fldPath.child('subdomain')));
  errs.push(...validateTolerations(spec.tolerations, fldPath.child('tolerations')));
  (spec.hostAliases ?? []).forEach((ha, i) => {
    errs.push(...isValidIP(fldPath.child('hostAliases').index(i).child('ip'), ha.ip ?? ''));
    (ha.hostnames ?? []).forEach((h, j) => {
      errs.push(...validateDNS1123Subdomain(h, fldPath.child('hostAliases').index(i).child('hostnames').index(j)));
    });
  });
  if (spec.priorityClassName)
    errs.push(...nameErrors(validatePriorityClassName, spec.priorityClassName, fldPath.child('priorityClassName')));
  if (spec.runtimeClassName !== undefined && spec.runtimeClassName !== null)
    errs.push(...validateDNS1123Subdomain(spec.runtimeClassName, fldPath.child('runtimeClassName')));
  if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== null) {
    if (spec.preemptionPolicy === '') errs.push(requiredAt(fldPath.child('preemptionPolicy')));
    else if (!['PreemptLowerPriority', 'Never'].includes(spec.preemptionPolicy))
      errs.push(
        notSupported(String(fldPath.child('preemptionPolicy')), spec.preemptionPolicy, [
          'PreemptLowerPriority',
          'Never',
        ]),
      );
  }
  if (spec.overhead) errs.push(...validateResourceRequirements({ limits: spec.overhead }, fldPath.child('overhead')));
  if (spec.os) {
    if (!spec.os.name) errs.push(requiredAt(fldPath.child('os').child('name'), 'cannot be empty'));
    else if (!['linux', 'windows'].includes(spec.os.name))
      errs.push(notSupported(String(fldPath.child('os')), spec.os.name, ['linux', 'windows']));
  }
  return errs;
}
