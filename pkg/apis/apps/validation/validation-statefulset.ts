/**
 * apps validation, part 2 (pkg/apis/apps/validation/validation.go): StatefulSets, DaemonSets and
 * ControllerRevisions.
 */
import { nameIsDNSSubdomain } from '../../../api/validation/generic.js';
import { semanticDeepEqual } from '../../../api/validation/equality.js';
import { forbidden, invalid, notSupported, Path, type FieldError } from '../../../util/validation/field/errors.js';
import {
  validateObjectMeta,
  validateObjectMetaUpdate,
  validateNonnegativeField,
  requiredAt,
  validateImmutableField,
} from '../../core/validation/validation.js';
import type { ControllerRevision, DaemonSet, StatefulSet } from '../v1/types.js';
import {
  intOrPercentValue,
  isNotMoreThan100Percent,
  validatePodTemplateSpecForWorkload,
  validatePositiveIntOrPercent,
  validateSelector,
  validateSelectorImmutable,
} from './validation.js';

function validateStatefulSetSpec(ss: StatefulSet, fldPath: Path): FieldError[] {
  const spec = ss.spec ?? {};
  const errs: FieldError[] = [];
  const pmp = spec.podManagementPolicy ?? '';
  if (pmp === '') errs.push(requiredAt(fldPath.child('podManagementPolicy')));
  else if (pmp !== 'OrderedReady' && pmp !== 'Parallel')
    errs.push(invalid(String(fldPath.child('podManagementPolicy')), pmp, "must be 'OrderedReady' or 'Parallel'"));
  const us = spec.updateStrategy ?? {};
  const usPath = fldPath.child('updateStrategy');
  switch (us.type ?? '') {
    case '':
      errs.push(requiredAt(usPath));
      break;
    case 'OnDelete':
      if (us.rollingUpdate)
        errs.push(
          invalid(
            String(usPath.child('rollingUpdate')),
            us.rollingUpdate,
            "only allowed for updateStrategy 'RollingUpdate'",
          ),
        );
      break;
    case 'RollingUpdate':
      if (us.rollingUpdate) {
        const rp = usPath.child('rollingUpdate');
        errs.push(...validateNonnegativeField(us.rollingUpdate.partition, rp.child('partition')));
        if (us.rollingUpdate.maxUnavailable !== undefined) {
          errs.push(...validatePositiveIntOrPercent(us.rollingUpdate.maxUnavailable, rp.child('maxUnavailable')));
          if (intOrPercentValue(us.rollingUpdate.maxUnavailable) === 0)
            errs.push(
              invalid(String(rp.child('maxUnavailable')), us.rollingUpdate.maxUnavailable, 'must be greater than 0'),
            );
          errs.push(...isNotMoreThan100Percent(us.rollingUpdate.maxUnavailable, rp.child('maxUnavailable')));
        }
      }
      break;
    default:
      errs.push(invalid(String(usPath), us, "must be 'RollingUpdate' or 'OnDelete'"));
  }
  const retention = spec.persistentVolumeClaimRetentionPolicy;
  if (retention) {
    for (const f of ['whenDeleted', 'whenScaled'] as const) {
      const v = retention[f] ?? '';
      if (v !== 'Retain' && v !== 'Delete')
        errs.push(
          notSupported(String(fldPath.child('persistentVolumeClaimRetentionPolicy', f)), v, ['Retain', 'Delete']),
        );
    }
  }
  errs.push(...validateNonnegativeField(spec.revisionHistoryLimit, fldPath.child('revisionHistoryLimit')));
  errs.push(...validateNonnegativeField(spec.replicas, fldPath.child('replicas')));
  errs.push(...validateNonnegativeField(spec.minReadySeconds, fldPath.child('minReadySeconds')));
  if (spec.ordinals) errs.push(...validateNonnegativeField(spec.ordinals.start, fldPath.child('ordinals', 'start')));
  errs.push(...validateSelector(spec.selector, fldPath.child('selector'), 'statefulset'));
  // As upstream: the template's pod spec and the claim templates are checked when pods and claims are created.
  errs.push(
    ...validatePodTemplateSpecForWorkload(
      spec.template,
      spec.selector,
      fldPath.child('template'),
      'StatefulSet',
      false,
    ),
  );
  return errs;
}

export function validateStatefulSet(ss: StatefulSet): FieldError[] {
  return [
    ...validateObjectMeta(ss.metadata, true, nameIsDNSSubdomain, Path.root('metadata')),
    ...validateStatefulSetSpec(ss, Path.root('spec')),
  ];
}

/** Only replicas, ordinals, template, updateStrategy, revisionHistoryLimit, the retention policy and minReadySeconds may change. */
export function validateStatefulSetUpdate(ss: StatefulSet, old: StatefulSet): FieldError[] {
  const errs = [
    ...validateObjectMetaUpdate(ss.metadata, old.metadata, Path.root('metadata')),
    ...validateStatefulSetSpec(ss, Path.root('spec')),
  ];
  const mutable = [
    'replicas',
    'ordinals',
    'template',
    'updateStrategy',
    'revisionHistoryLimit',
    'persistentVolumeClaimRetentionPolicy',
    'minReadySeconds',
  ] as const;
  const a = { ...(ss.spec ?? {}) };
  const b = { ...(old.spec ?? {}) };
  for (const f of mutable) {
    delete a[f];
    delete b[f];
  }
  if (!semanticDeepEqual(a, b)) {
    errs.push(
      forbidden(
        'spec',
        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      ),
    );
  }
  return errs;
}

export function validateStatefulSetStatus(ss: StatefulSet, fldPath: Path): FieldError[] {
  const s = ss.status ?? {};
  const errs: FieldError[] = [];
  for (const f of [
    'replicas',
    'readyReplicas',
    'currentReplicas',
    'updatedReplicas',
    'availableReplicas',
    'observedGeneration',
    'collisionCount',
  ] as const) {
    errs.push(...validateNonnegativeField(s[f], fldPath.child(f)));
  }
  const msg = 'cannot be greater than status.replicas';
  const replicas = s.replicas ?? 0;
  for (const f of ['readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas'] as const) {
    if ((s[f] ?? 0) > replicas) errs.push(invalid(String(fldPath.child(f)), s[f], msg));
  }
  if ((s.availableReplicas ?? 0) > (s.readyReplicas ?? 0))
    errs.push(
      invalid(
        String(fldPath.child('availableReplicas')),
        s.availableReplicas,
        'cannot be greater than status.readyReplicas',
      ),
    );
  return errs;
}

export function validateStatefulSetStatusUpdate(ss: StatefulSet, old: StatefulSet): FieldError[] {
  return [
    ...validateObjectMetaUpdate(ss.metadata, old.metadata, Path.root('metadata')),
    ...validateStatefulSetStatus(ss, Path.root('status')),
  ];
}

function validateDaemonSetSpec(ds: DaemonSet, fldPath: Path): FieldError[] {
  const spec = ds.spec ?? {};
  const errs = validateSelector(spec.selector, fldPath.child('selector'), 'daemonset');
  errs.push(
    ...validatePodTemplateSpecForWorkload(spec.template, spec.selector, fldPath.child('template'), 'DaemonSet'),
  );
  errs.push(...validateNonnegativeField(spec.minReadySeconds, fldPath.child('minReadySeconds')));
  const us = spec.updateStrategy ?? {};
  const usPath = fldPath.child('updateStrategy');
  if (us.type === 'OnDelete') {
    // nothing to check
  } else if (us.type === 'RollingUpdate') {
    const ru = us.rollingUpdate;
    if (!ru) errs.push(requiredAt(usPath.child('rollingUpdate')));
    else {
      const rp = usPath.child('rollingUpdate');
      errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, rp.child('maxUnavailable')));
      errs.push(...validatePositiveIntOrPercent(ru.maxSurge, rp.child('maxSurge')));
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
        errs.push(
          invalid(String(rp.child('maxUnavailable')), ru.maxUnavailable ?? 0, 'may not be 0 when `maxSurge` is 0'),
        );
      }
      errs.push(...isNotMoreThan100Percent(ru.maxUnavailable, rp.child('maxUnavailable')));
      errs.push(...isNotMoreThan100Percent(ru.maxSurge, rp.child('maxSurge')));
    }
  } else {
    errs.push(notSupported(String(usPath.child('type')), us.type ?? '', ['OnDelete', 'RollingUpdate']));
  }
  errs.push(...validateNonnegativeField(spec.revisionHistoryLimit, fldPath.child('revisionHistoryLimit')));
  return errs;
}

export function validateDaemonSet(ds: DaemonSet): FieldError[] {
  return [
    ...validateObjectMeta(ds.metadata, true, nameIsDNSSubdomain, Path.root('metadata')),
    ...validateDaemonSetSpec(ds, Path.root('spec')),
  ];
}

export function validateDaemonSetUpdate(ds: DaemonSet, old: DaemonSet): FieldError[] {
  return [
    ...validateObjectMetaUpdate(ds.metadata, old.metadata, Path.root('metadata')),
    ...validateDaemonSetSpec(ds, Path.root('spec')),
    ...validateSelectorImmutable(ds.spec?.selector, old.spec?.selector, Path.root('spec').child('selector')),
  ];
}

export function validateDaemonSetStatusUpdate(ds: DaemonSet, old: DaemonSet): FieldError[] {
  const errs = validateObjectMetaUpdate(ds.metadata, old.metadata, Path.root('metadata'));
  const s = ds.status ?? {};
  const fld = Path.root('status');
  for (const f of [
    'currentNumberScheduled',
    'numberMisscheduled',
    'desiredNumberScheduled',
    'numberReady',
    'observedGeneration',
    'updatedNumberScheduled',
    'numberAvailable',
    'numberUnavailable',
    'collisionCount',
  ] as const) {
    errs.push(...validateNonnegativeField(s[f], fld.child(f)));
  }
  return errs;
}

export function validateControllerRevision(cr: ControllerRevision): FieldError[] {
  const errs = validateObjectMeta(cr.metadata, true, nameIsDNSSubdomain, Path.root('metadata'));
  if (cr.data === undefined || cr.data === null) errs.push(requiredAt(Path.root('data'), 'data is mandatory'));
  errs.push(...validateNonnegativeField(cr.revision, Path.root('revision')));
  return errs;
}

export function validateControllerRevisionUpdate(cr: ControllerRevision, old: ControllerRevision): FieldError[] {
  return [
    ...validateObjectMetaUpdate(cr.metadata, old.metadata, Path.root('metadata')),
    ...validateControllerRevision(cr),
    ...validateImmutableField(cr.data, old.data, Path.root('data')),
  ];
}
