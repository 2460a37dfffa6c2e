/** PodDisruptionBudget validation (pkg/apis/policy/validation/validation.go). */
import { nameIsDNSSubdomain } from '../../../api/validation/generic.js';
import { validateLabelSelector } from '../../meta/v1/validation/validation.js';
import { invalid, notSupported, Path, type FieldError } from '../../../util/validation/field/errors.js';
import { isNotMoreThan100Percent, validatePositiveIntOrPercent } from '../../apps/validation/validation.js';
import {
  validateNonnegativeField,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from '../../core/validation/validation.js';
import type { PodDisruptionBudget } from '../v1/types.js';

function validateSpec(pdb: PodDisruptionBudget, fld: Path): FieldError[] {
  const spec = pdb.spec ?? {};
  const errs: FieldError[] = [];
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined)
    errs.push(invalid(String(fld), spec, 'minAvailable and maxUnavailable cannot be both set'));
  for (const f of ['minAvailable', 'maxUnavailable'] as const) {
    if (spec[f] === undefined) continue;
    errs.push(
      ...validatePositiveIntOrPercent(spec[f], fld.child(f)),
      ...isNotMoreThan100Percent(spec[f], fld.child(f)),
    );
  }
  errs.push(...validateLabelSelector(spec.selector, {}, fld.child('selector')));
  const policy = spec.unhealthyPodEvictionPolicy;
  if (policy !== undefined && policy !== null && !['AlwaysAllow', 'IfHealthyBudget'].includes(policy)) {
    errs.push(
      notSupported(String(fld.child('unhealthyPodEvictionPolicy')), policy, ['AlwaysAllow', 'IfHealthyBudget']),
    );
  }
  return errs;
}

export function validatePodDisruptionBudget(pdb: PodDisruptionBudget): FieldError[] {
  return [
    ...validateObjectMeta(pdb.metadata, true, nameIsDNSSubdomain, Path.root('metadata')),
    ...validateSpec(pdb, Path.root('spec')),
  ];
}

export function validatePodDisruptionBudgetUpdate(pdb: PodDisruptionBudget, old: PodDisruptionBudget): FieldError[] {
  return [
    ...validateObjectMetaUpdate(pdb.metadata, old.metadata, Path.root('metadata')),
    ...validateSpec(pdb, Path.root('spec')),
  ];
}

export function validatePodDisruptionBudgetStatusUpdate(
  pdb: PodDisruptionBudget,
  old: PodDisruptionBudget,
): FieldError[] {
  const errs = validateObjectMetaUpdate(pdb.metadata, old.metadata, Path.root('metadata'));
  const s = pdb.status ?? {};
  for (const f of [
    'disruptionsAllowed',
    'currentHealthy',
    'desiredHealthy',
    'expectedPods',
    'observedGeneration',
  ] as const) {
    errs.push(...validateNonnegativeField(s[f], Path.root('status').child(f)));
  }
  return errs;
}
