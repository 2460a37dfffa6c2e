/**
 * Pod, pod template and binding validation (pkg/apis/core/validation: ValidatePodCreate,
 * ValidatePodUpdate, ValidatePodStatusUpdate, ValidatePodBinding, ValidatePodTemplate*).
 */
import { validateAnnotations } from '../../../api/validation/objectmeta.js';
import { semanticDeepEqual } from '../../../api/validation/equality.js';
import { validateLabels } from '../../meta/v1/validation/validation.js';
import {
  duplicate,
  forbidden,
  invalid,
  notSupported,
  Path,
  type FieldError,
} from '../../../util/validation/field/errors.js';
import { inclusiveRangeError } from '../../../util/validation/validation.js';
import { isValidIP, ipFamilyOf } from '../../../util/validation/ip.js';
import type {
  Binding,
  Container,
  ContainerStatus,
  Pod,
  PodSpec,
  PodTemplate,
  PodTemplateSpec,
  Toleration,
} from '../v1/types.js';
import { validatePodSpec, validateTolerations } from './validation-podspec.js';
import {
  nameErrors,
  requiredAt,
  validateImmutableField,
  validateNodeName,
  validateObjectMeta,
  validateObjectMetaUpdate,
  validatePodName,
  validateQualifiedName,
} from './validation.js';

export const mirrorPodAnnotationKey = 'kubernetes.io/config.mirror';
const podDeletionCostKey = 'controller.kubernetes.io/pod-deletion-cost';
const maxInt32 = 2147483647;

const updatablePodSpecFields = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

function validatePodSpecificAnnotations(
  annotations: Record<string, string> | undefined,
  spec: PodSpec,
  fldPath: Path,
): FieldError[] {
  const errs: FieldError[] = [];
  const a = annotations ?? {};
  if (mirrorPodAnnotationKey in a && !spec.nodeName) {
    errs.push(
      invalid(
        String(fldPath.key(mirrorPodAnnotationKey)),
        a[mirrorPodAnnotationKey],
        'must set spec.nodeName if mirror pod annotation is set',
      ),
    );
  }
  const cost = a[podDeletionCostKey];
  if (cost !== undefined && !(/^[+-]?\d+$/.test(cost) && Number(cost) >= -(2 ** 31) && Number(cost) <= maxInt32)) {
    errs.push(invalid(String(fldPath.key(podDeletionCostKey)), cost, 'must be a 32bit integer'));
  }
  return errs;
}

function validateContainersOnlyForPod(containers: Container[] | undefined, fldPath: Path): FieldError[] {
  return (containers ?? []).flatMap((c, i) =>
    (c.image ?? '') !== (c.image ?? '').trim()
      ? [invalid(String(fldPath.index(i).child('image')), c.image, 'must not have leading or trailing whitespace')]
      : [],
  );
}

function validatePodMetadataAndSpec(pod: Pod): FieldError[] {
  const metaPath = Path.root('metadata');
  const specPath = Path.root('spec');
  const spec = pod.spec ?? {};
  const errs = validateObjectMeta(pod.metadata, true, validatePodName, metaPath);
  errs.push(...validatePodSpecificAnnotations(pod.metadata.annotations, spec, metaPath.child('annotations')));
  errs.push(...validatePodSpec(spec, pod.metadata, specPath, { resourceIsPod: true }));
  if (!spec.serviceAccountName) {
    (spec.volumes ?? []).forEach((v, vi) => {
      (v.projected?.sources ?? []).forEach((s, si) => {
        if (s['serviceAccountToken']) {
          errs.push(
            forbidden(
              String(
                specPath
                  .child('volumes')
                  .index(vi)
                  .child('projected')
                  .child('sources')
                  .index(si)
                  .child('serviceAccountToken'),
              ),
              'must not be specified when serviceAccountName is not set',
            ),
          );
        }
      });
    });
  }
  errs.push(...validateContainersOnlyForPod(spec.containers, specPath.child('containers')));
  errs.push(...validateContainersOnlyForPod(spec.initContainers, specPath.child('initContainers')));
  return errs;
}

export function validatePodCreate(pod: Pod): FieldError[] {
  const errs = validatePodMetadataAndSpec(pod);
  const spec = pod.spec ?? {};
  if ((spec.ephemeralContainers ?? []).length > 0)
    errs.push(forbidden('spec.ephemeralContainers', 'cannot be set on create'));
  if (spec.nodeName && (spec.schedulingGates ?? []).length > 0)
    errs.push(forbidden('spec.nodeName', 'cannot be set until all schedulingGates have been cleared'));
  return errs;
}

function validateContainerUpdates(
  newList: Container[] | undefined,
  oldList: Container[] | undefined,
  fldPath: Path,
): { errs: FieldError[]; stop: boolean } {
  const a = newList ?? [];
  if (a.length !== (oldList ?? []).length)
    return { errs: [forbidden(String(fldPath), 'pod updates may not add or remove containers')], stop: true };
  const errs: FieldError[] = [];
  a.forEach((c, i) => {
    if (!c.image) errs.push(requiredAt(fldPath.index(i).child('image')));
    if ((c.image ?? '').trim() !== (c.image ?? ''))
      errs.push(
        invalid(String(fldPath.index(i).child('image')), c.image, 'must not have leading or trailing whitespace'),
      );
  });
  return { errs, stop: false };
}

function tolerationsOnlyAdded(
  newT: Toleration[] | undefined,
  oldT: Toleration[] | undefined,
  fldPath: Path,
): FieldError[] {
  for (const old of oldT ?? []) {
    const found = (newT ?? []).some((n) => semanticDeepEqual({ ...old, tolerationSeconds: n.tolerationSeconds }, n));
    if (!found)
      return [forbidden(String(fldPath), 'existing toleration can not be modified except its tolerationSeconds')];
  }
  return validateTolerations(newT, fldPath);
}

/** A compact rendering of what differs, standing in for upstream's cmp.Diff in the forbidden message. */
function specDiff(oldSpec: PodSpec, newSpec: PodSpec): string {
  const lines = ['  core.PodSpec{'];
  for (const key of new Set([...Object.keys(oldSpec), ...Object.keys(newSpec)])) {
    if (semanticDeepEqual(oldSpec[key], newSpec[key])) continue;
    lines.push(
      `- \t${key}: ${JSON.stringify(oldSpec[key] ?? null)},`,
      `+ \t${key}: ${JSON.stringify(newSpec[key] ?? null)},`,
    );
  }
  lines.push('  }', '');
  return lines.join('\n');
}

/** An update may change images, shorten activeDeadlineSeconds, add tolerations and remove scheduling gates; nothing else in spec. */
export function validatePodUpdate(pod: Pod, old: Pod): FieldError[] {
  const metaPath = Path.root('metadata');
  const specPath = Path.root('spec');
  const errs = validateObjectMetaUpdate(pod.metadata, old.metadata, metaPath);
  errs.push(...validatePodMetadataAndSpec(pod));
  errs.push(...validateMirrorAnnotationUpdate(pod, old, metaPath.child('annotations')));
  const spec = pod.spec ?? {};
  const oldSpec = old.spec ?? {};
  for (const key of ['containers', 'initContainers'] as const) {
    const r = validateContainerUpdates(spec[key], oldSpec[key], specPath.child(key));
    errs.push(...r.errs);
    if (r.stop) return errs;
  }
  const ads = spec.activeDeadlineSeconds;
  if (ads !== undefined && ads !== null) {
    if (ads < 0 || ads > maxInt32)
      return [...errs, invalid('spec.activeDeadlineSeconds', ads, inclusiveRangeError(0, maxInt32))];
    const oldAds = oldSpec.activeDeadlineSeconds;
    if (oldAds !== undefined && oldAds !== null && oldAds < ads)
      return [...errs, invalid('spec.activeDeadlineSeconds', ads, 'must be less than or equal to previous value')];
  } else if (oldSpec.activeDeadlineSeconds !== undefined && oldSpec.activeDeadlineSeconds !== null) {
    errs.push(invalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'));
  }
  errs.push(...tolerationsOnlyAdded(spec.tolerations, oldSpec.tolerations, specPath.child('tolerations')));
  const oldGates = new Set((oldSpec.schedulingGates ?? []).map((g) => g.name));
  (spec.schedulingGates ?? []).forEach((g, i) => {
    if (!oldGates.has(g.name))
      errs.push(
        forbidden(
          String(specPath.child('schedulingGates').index(i).child('name')),
          `only deletion is allowed, but found new scheduling gate '${g.name ?? ''}'`,
        ),
      );
  });
  if (semanticDeepEqual(spec, oldSpec)) return errs;

  const munged: PodSpec = structuredClone(spec);
  munged.containers = munged.containers?.map((c, i) => ({ ...c, image: oldSpec.containers?.[i]?.image }));
  munged.initContainers = munged.initContainers?.map((c, i) => ({ ...c, image: oldSpec.initContainers?.[i]?.image }));
  munged.activeDeadlineSeconds = oldSpec.activeDeadlineSeconds;
  munged.schedulingGates = oldSpec.schedulingGates;
  munged.tolerations = oldSpec.tolerations;
  if ((oldSpec.terminationGracePeriodSeconds ?? 0) < 0 && munged.terminationGracePeriodSeconds === 1)
    munged.terminationGracePeriodSeconds = oldSpec.terminationGracePeriodSeconds;
  if ((oldSpec.schedulingGates ?? []).length > 0 && !semanticDeepEqual(munged.nodeSelector, oldSpec.nodeSelector)) {
    // Gated pods may gain node selector entries (not lose or change them), so a scheduler can be steered before release.
    for (const [k, v] of Object.entries(oldSpec.nodeSelector ?? {})) {
      if (munged.nodeSelector?.[k] !== v) {
        errs.push(
          invalid(
            String(specPath.child('nodeSelector')),
            munged.nodeSelector ?? {},
            'only additions to spec.nodeSelector are allowed (no mutations or deletions)',
          ),
        );
        break;
      }
    }
    munged.nodeSelector = oldSpec.nodeSelector;
  }
  if (!semanticDeepEqual(munged, oldSpec)) {
    errs.push(
      forbidden(
        String(specPath),
        `pod updates may not change fields other than ${updatablePodSpecFields.join(',')}\n${specDiff(oldSpec, munged)}`,
      ),
    );
  }
  return errs;
}

function validateMirrorAnnotationUpdate(pod: Pod, old: Pod, fldPath: Path): FieldError[] {
  const a = pod.metadata.annotations ?? {};
  const b = old.metadata.annotations ?? {};
  if (mirrorPodAnnotationKey in b && a[mirrorPodAnnotationKey] !== b[mirrorPodAnnotationKey])
    return [forbidden(String(fldPath.key(mirrorPodAnnotationKey)), 'may not remove or update mirror pod annotation')];
  if (!(mirrorPodAnnotationKey in b) && mirrorPodAnnotationKey in a)
    return [forbidden(String(fldPath.key(mirrorPodAnnotationKey)), 'may not add mirror pod annotation')];
  return [];
}

function validateStateTransitions(
  newStatuses: ContainerStatus[] | undefined,
  oldStatuses: ContainerStatus[] | undefined,
  fldPath: Path,
  restartPolicy: string,
  restartable: Set<string>,
): FieldError[] {
  if (restartPolicy === 'Always') return [];
  const errs: FieldError[] = [];
  (oldStatuses ?? []).forEach((o, i) => {
    const term = o.state?.terminated;
    if (!term) return;
    if ((term.exitCode ?? 0) !== 0 && restartPolicy === 'OnFailure') return;
    if (restartable.has(o.name ?? '')) return;
    for (const n of newStatuses ?? []) {
      if (n.name === o.name && !n.state?.terminated)
        errs.push(
          forbidden(String(fldPath.index(i).child('state')), 'may not be transitioned to non-terminated state'),
        );
    }
  });
  return errs;
}

function validateIPList(ips: { ip?: string }[] | undefined, fldPath: Path): FieldError[] {
  const list = ips ?? [];
  const errs = list.flatMap((p, i) => isValidIP(fldPath.index(i), p.ip ?? ''));
  if (list.length > 1 && errs.length === 0) {
    const families = new Set(list.map((p) => ipFamilyOf(p.ip ?? '')));
    if (families.size !== 2 || list.length > 2)
      errs.push(invalid(String(fldPath), list, 'may specify no more than one IP for each IP family'));
    const seen = new Set<string>();
    list.forEach((p, i) => {
      if (seen.has(p.ip ?? '')) errs.push(duplicate(String(fldPath.index(i)), p));
      seen.add(p.ip ?? '');
    });
  }
  return errs;
}

const systemConditions = new Set(['PodScheduled', 'Ready', 'Initialized']);

/** Status writers (kubelet, scheduler) may not change spec through /status; state machines must hold. */
export function validatePodStatusUpdate(pod: Pod, old: Pod): FieldError[] {
  const metaPath = Path.root('metadata');
  const status = pod.status ?? {};
  const errs = validateObjectMetaUpdate(pod.metadata, old.metadata, metaPath);
  errs.push(...validateMirrorAnnotationUpdate(pod, old, metaPath.child('annotations')));
  // Upstream reports custom condition types under metadata.conditions (sic).
  (status.conditions ?? []).forEach((c, i) => {
    if (!systemConditions.has(c.type ?? ''))
      errs.push(...validateQualifiedName(c.type ?? '', metaPath.child('conditions').index(i).child('Type')));
  });
  const statusPath = Path.root('status');
  if ((pod.spec?.nodeName ?? '') !== (old.spec?.nodeName ?? ''))
    errs.push(forbidden(String(statusPath.child('nodeName')), 'may not be changed directly'));
  const nominated = status.nominatedNodeName ?? '';
  if (nominated !== (old.status?.nominatedNodeName ?? '') && nominated)
    errs.push(...nameErrors(validateNodeName, nominated, statusPath.child('nominatedNodeName')));
  errs.push(...validateImmutableField(status.qosClass ?? '', old.status?.qosClass ?? '', statusPath.child('qosClass')));
  const restartPolicy = old.spec?.restartPolicy ?? '';
  const restartable = new Set(
    (old.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name ?? ''),
  );
  errs.push(
    ...validateStateTransitions(
      status.containerStatuses,
      old.status?.containerStatuses,
      statusPath.child('containerStatuses'),
      restartPolicy,
      new Set(),
    ),
  );
  errs.push(
    ...validateStateTransitions(
      status.initContainerStatuses,
      old.status?.initContainerStatuses,
      statusPath.child('initContainerStatuses'),
      restartPolicy,
      restartable,
    ),
  );
  errs.push(
    ...validateStateTransitions(
      status.ephemeralContainerStatuses,
      old.status?.ephemeralContainerStatuses,
      statusPath.child('ephemeralContainerStatuses'),
      'Never',
      new Set(),
    ),
  );
  errs.push(...validateIPList(status.podIPs, statusPath.child('podIPs')));
  const hostIPs = status.hostIPs ?? [];
  if (hostIPs.length > 0) {
    if ((status.hostIP ?? '') !== (hostIPs[0]?.ip ?? ''))
      errs.push(
        invalid(
          String(statusPath.child('hostIPs').index(0).child('ip')),
          hostIPs[0]?.ip ?? '',
          'must be equal to `hostIP`',
        ),
      );
    errs.push(...validateIPList(hostIPs, statusPath.child('hostIPs')));
  }
  return errs;
}

/** pods/binding: the target must be a Node (kind empty or "Node") with a name. */
export function validatePodBinding(binding: Binding): FieldError[] {
  const errs: FieldError[] = [];
  const kind = binding.target?.kind ?? '';
  if (kind !== '' && kind !== 'Node') errs.push(notSupported('target.kind', kind, ['Node', '<empty>']));
  if (!binding.target?.name) errs.push(requiredAt(Path.root('target').child('name')));
  return errs;
}

/** A template's labels and annotations (all a StatefulSet's template gets validated for, upstream). */
export function validatePodTemplateMetadata(template: PodTemplateSpec | undefined, fldPath: Path): FieldError[] {
  const t = template ?? {};
  const errs = validateLabels(t.metadata?.labels, fldPath.child('labels'));
  errs.push(...validateAnnotations(t.metadata?.annotations, fldPath.child('annotations')));
  errs.push(...validatePodSpecificAnnotations(t.metadata?.annotations, t.spec ?? {}, fldPath.child('annotations')));
  return errs;
}

/** A template's metadata may carry labels and annotations; its spec is a full PodSpec. */
export function validatePodTemplateSpec(template: PodTemplateSpec | undefined, fldPath: Path): FieldError[] {
  const spec = template?.spec ?? {};
  const errs = validatePodTemplateMetadata(template, fldPath);
  errs.push(...validatePodSpec(spec, undefined, fldPath.child('spec')));
  if ((spec.ephemeralContainers ?? []).length > 0)
    errs.push(
      forbidden(
        String(fldPath.child('spec').child('ephemeralContainers')),
        'ephemeral containers not allowed in pod template',
      ),
    );
  return errs;
}

export function validatePodTemplate(pt: PodTemplate): FieldError[] {
  return [
    ...validateObjectMeta(pt.metadata, true, validatePodName, Path.root('metadata')),
    ...validatePodTemplateSpec(pt.template, Path.root('template')),
  ];
}

export function validatePodTemplateUpdate(pt: PodTemplate, old: PodTemplate): FieldError[] {
  return [
    ...validateObjectMetaUpdate(pt.metadata, old.metadata, Path.root('metadata')),
    ...validatePodTemplateSpec(pt.template, Path.root('template')),
  ];
}
