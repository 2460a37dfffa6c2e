/**
 * apps validation, part 1 (pkg/apis/apps/validation/validation.go): shared template/selector
 * rules, Deployments and ReplicaSets. StatefulSets, DaemonSets and ControllerRevisions are in
 * ./validation-statefulset.ts.
 */
import {
  validateObjectMeta,
  validateObjectMetaUpdate,
  validateNonnegativeField,
} from '../../core/validation/validation.js';
import { validatePodTemplateMetadata, validatePodTemplateSpec } from '../../core/validation/validation-pod.js';
import { validateReplicaStatus } from '../../core/validation/validation-misc.js';
import { nameIsDNSSubdomain } from '../../../api/validation/generic.js';
import { goLabelSelector } from '../../meta/v1/validation/gostring.js';
import {
  labelSelectorIsEmpty,
  labelSelectorMatches,
  validateLabelSelector,
  type LabelSelector,
} from '../../meta/v1/validation/validation.js';
import { forbidden, invalid, notSupported, Path, type FieldError } from '../../../util/validation/field/errors.js';
import { invalidStringer } from '../../../util/validation/field/stringer.js';
import { isValidPercent } from '../../../util/validation/validation.js';
import type { IntOrString, PodTemplateSpec } from '../../core/v1/types.js';
import { requiredAt } from '../../core/validation/validation.js';
import type { Deployment, DeploymentStatus, ReplicaSet } from '../v1/types.js';

/** Selector present, valid and not empty (`empty selector is invalid for <what>`). */
export function validateSelector(sel: LabelSelector | undefined, fldPath: Path, what: string): FieldError[] {
  if (!sel) return [requiredAt(fldPath)];
  const errs = validateLabelSelector(sel, {}, fldPath);
  if (labelSelectorIsEmpty(sel))
    errs.push(invalidStringer(String(fldPath), goLabelSelector(sel), `empty selector is invalid for ${what}`));
  return errs;
}

/**
 * A workload's pod template: labels matched by the selector, a valid pod template, restartPolicy
 * Always and no activeDeadlineSeconds (`kind` names the owner in that message).
 */
export function validatePodTemplateSpecForWorkload(
  template: PodTemplateSpec | undefined,
  selector: LabelSelector | undefined,
  fldPath: Path,
  kind: string,
  /**
   * Upstream leaves a StatefulSet's pod spec to pod creation (its volume mounts may name
   * volumeClaimTemplates, which are no volumes of the template): only labels and annotations then.
   */
  validateSpec = true,
): FieldError[] {
  if (!template) return [requiredAt(fldPath)];
  const errs: FieldError[] = [];
  if (selector && !labelSelectorIsEmpty(selector) && !labelSelectorMatches(selector, template.metadata?.labels)) {
    errs.push(
      invalid(
        String(fldPath.child('metadata', 'labels')),
        template.metadata?.labels ?? {},
        '`selector` does not match template `labels`',
      ),
    );
  }
  errs.push(
    ...(validateSpec ? validatePodTemplateSpec(template, fldPath) : validatePodTemplateMetadata(template, fldPath)),
  );
  if (template.spec?.restartPolicy !== 'Always')
    errs.push(
      notSupported(String(fldPath.child('spec', 'restartPolicy')), template.spec?.restartPolicy ?? '', ['Always']),
    );
  if (template.spec?.activeDeadlineSeconds !== undefined && template.spec.activeDeadlineSeconds !== null) {
    errs.push(
      forbidden(
        String(fldPath.child('spec', 'activeDeadlineSeconds')),
        `activeDeadlineSeconds in ${kind} is not Supported`,
      ),
    );
  }
  return errs;
}

/** An int ≥ 0 or a percent string. */
export function validatePositiveIntOrPercent(v: IntOrString | undefined, fldPath: Path): FieldError[] {
  if (typeof v === 'string') return isValidPercent(v).map((m) => invalid(String(fldPath), v, m));
  if (typeof v === 'number') return validateNonnegativeField(v, fldPath);
  return [];
}

/** The number in an int or percent value; NaN when unset. */
export function intOrPercentValue(v: IntOrString | undefined): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^[0-9]+%$/.test(v)) return Number(v.slice(0, -1));
  return Number.NaN;
}

export function isNotMoreThan100Percent(v: IntOrString | undefined, fldPath: Path): FieldError[] {
  return typeof v === 'string' && /^[0-9]+%$/.test(v) && intOrPercentValue(v) > 100
    ? [invalid(String(fldPath), v, 'must not be greater than 100%')]
    : [];
}

/** Selector changes are refused by apps/v1 (upstream does this in the strategies' ValidateUpdate). */
export function validateSelectorImmutable(
  sel: LabelSelector | undefined,
  old: LabelSelector | undefined,
  fldPath: Path,
): FieldError[] {
  const norm = (s: LabelSelector | undefined) =>
    JSON.stringify({ l: Object.entries(s?.matchLabels ?? {}).sort(), e: s?.matchExpressions ?? [] });
  return norm(sel) === norm(old) ? [] : [invalidStringer(String(fldPath), goLabelSelector(sel), 'field is immutable')];
}

function validateDeploymentSpec(d: Deployment, fldPath: Path): FieldError[] {
  const spec = d.spec ?? {};
  const errs = validateNonnegativeField(spec.replicas, fldPath.child('replicas'));
  errs.push(...validateSelector(spec.selector, fldPath.child('selector'), 'deployment'));
  errs.push(
    ...validatePodTemplateSpecForWorkload(spec.template, spec.selector, fldPath.child('template'), 'ReplicaSet'),
  );
  const strategy = spec.strategy ?? {};
  const sp = fldPath.child('strategy');
  if (strategy.type === 'Recreate') {
    if (strategy.rollingUpdate)
      errs.push(
        forbidden(String(sp.child('rollingUpdate')), "may not be specified when strategy `type` is 'Recreate'"),
      );
  } else if (strategy.type === 'RollingUpdate') {
    const ru = strategy.rollingUpdate;
    if (!ru) errs.push(requiredAt(sp.child('rollingUpdate'), 'this should be defaulted and never be nil'));
    else {
      const rp = sp.child('rollingUpdate');
      errs.push(...validatePositiveIntOrPercent(ru.maxUnavailable, rp.child('maxUnavailable')));
      errs.push(...validatePositiveIntOrPercent(ru.maxSurge, rp.child('maxSurge')));
      if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
        errs.push(
          invalid(String(rp.child('maxUnavailable')), ru.maxUnavailable ?? 0, 'may not be 0 when `maxSurge` is 0'),
        );
      }
      errs.push(...isNotMoreThan100Percent(ru.maxUnavailable, rp.child('maxUnavailable')));
    }
  } else {
    errs.push(notSupported(String(sp), strategy, ['Recreate', 'RollingUpdate']));
  }
  errs.push(...validateNonnegativeField(spec.minReadySeconds, fldPath.child('minReadySeconds')));
  errs.push(...validateNonnegativeField(spec.revisionHistoryLimit, fldPath.child('revisionHistoryLimit')));
  if (spec.progressDeadlineSeconds !== undefined && spec.progressDeadlineSeconds !== null) {
    errs.push(...validateNonnegativeField(spec.progressDeadlineSeconds, fldPath.child('progressDeadlineSeconds')));
    if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) {
      errs.push(
        invalid(
          String(fldPath.child('progressDeadlineSeconds')),
          spec.progressDeadlineSeconds,
          'must be greater than minReadySeconds',
        ),
      );
    }
  }
  return errs;
}

export function validateDeployment(d: Deployment): FieldError[] {
  return [
    ...validateObjectMeta(d.metadata, true, nameIsDNSSubdomain, Path.root('metadata')),
    ...validateDeploymentSpec(d, Path.root('spec')),
  ];
}

export function validateDeploymentUpdate(d: Deployment, old: Deployment): FieldError[] {
  return [
    ...validateObjectMetaUpdate(d.metadata, old.metadata, Path.root('metadata')),
    ...validateDeploymentSpec(d, Path.root('spec')),
    ...validateSelectorImmutable(d.spec?.selector, old.spec?.selector, Path.root('spec').child('selector')),
  ];
}

export function validateDeploymentStatus(status: DeploymentStatus | undefined, fldPath: Path): FieldError[] {
  const s = status ?? {};
  const errs: FieldError[] = [];
  for (const f of [
    'observedGeneration',
    'replicas',
    'updatedReplicas',
    'readyReplicas',
    'availableReplicas',
    'unavailableReplicas',
    'terminatingReplicas',
    'collisionCount',
  ] as const) {
    errs.push(...validateNonnegativeField(s[f], fldPath.child(f)));
  }
  const msg = 'cannot be greater than status.replicas';
  const replicas = s.replicas ?? 0;
  if ((s.updatedReplicas ?? 0) > replicas)
    errs.push(invalid(String(fldPath.child('updatedReplicas')), s.updatedReplicas, msg));
  if ((s.readyReplicas ?? 0) > replicas)
    errs.push(invalid(String(fldPath.child('readyReplicas')), s.readyReplicas, msg));
  if ((s.availableReplicas ?? 0) > replicas)
    errs.push(invalid(String(fldPath.child('availableReplicas')), s.availableReplicas, msg));
  if ((s.availableReplicas ?? 0) > (s.readyReplicas ?? 0))
    errs.push(
      invalid(String(fldPath.child('availableReplicas')), s.availableReplicas, 'cannot be greater than readyReplicas'),
    );
  return errs;
}

export function validateDeploymentStatusUpdate(d: Deployment, old: Deployment): FieldError[] {
  const errs = validateObjectMetaUpdate(d.metadata, old.metadata, Path.root('metadata'));
  errs.push(...validateDeploymentStatus(d.status, Path.root('status')));
  const cc = d.status?.collisionCount;
  const oldCC = old.status?.collisionCount;
  if (oldCC !== undefined && oldCC !== null && (cc === undefined || cc === null || cc < oldCC)) {
    errs.push(invalid(String(Path.root('status').child('collisionCount')), cc ?? null, 'cannot be decremented'));
  }
  return errs;
}

function validateReplicaSetSpec(rs: ReplicaSet, fldPath: Path): FieldError[] {
  const spec = rs.spec ?? {};
  const errs = validateNonnegativeField(spec.replicas, fldPath.child('replicas'));
  errs.push(...validateNonnegativeField(spec.minReadySeconds, fldPath.child('minReadySeconds')));
  // Upstream's message says "deployment" for replica sets too.
  errs.push(...validateSelector(spec.selector, fldPath.child('selector'), 'deployment'));
  errs.push(
    ...validatePodTemplateSpecForWorkload(spec.template, spec.selector, fldPath.child('template'), 'ReplicaSet'),
  );
  return errs;
}

export function validateReplicaSet(rs: ReplicaSet): FieldError[] {
  return [
    ...validateObjectMeta(rs.metadata, true, nameIsDNSSubdomain, Path.root('metadata')),
    ...validateReplicaSetSpec(rs, Path.root('spec')),
  ];
}

export function validateReplicaSetUpdate(rs: ReplicaSet, old: ReplicaSet): FieldError[] {
  return [
    ...validateObjectMetaUpdate(rs.metadata, old.metadata, Path.root('metadata')),
    ...validateReplicaSetSpec(rs, Path.root('spec')),
    ...validateSelectorImmutable(rs.spec?.selector, old.spec?.selector, Path.root('spec').child('selector')),
  ];
}

/** ReplicaSet /status: the replica counts are consistent (same rules as a ReplicationController's). */
export function validateReplicaSetStatusUpdate(rs: ReplicaSet, old: ReplicaSet): FieldError[] {
  return [
    ...validateObjectMetaUpdate(rs.metadata, old.metadata, Path.root('metadata')),
    ...validateReplicaStatus(rs.status, Path.root('status')),
  ];
}
