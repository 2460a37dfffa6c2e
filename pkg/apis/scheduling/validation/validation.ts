/** PriorityClass validation (pkg/apis/scheduling/validation/validation.go). */
import { nameIsDNSSubdomain } from '../../../api/validation/generic.js';
import { forbidden, notSupported, Path, required, type FieldError } from '../../../util/validation/field/errors.js';
import {
  validateImmutableField,
  validateObjectMeta,
  validateObjectMetaUpdate,
} from '../../core/validation/validation.js';
import type { PriorityClass } from '../v1/types.js';

/** The most a user-defined class may ask for; only system classes go higher. */
export const highestUserDefinablePriority = 1_000_000_000;

/** The built-in classes every cluster has (upstream scheduling.SystemPriorityClasses). */
export const systemPriorityClasses: readonly PriorityClass[] = [
  {
    metadata: { name: 'system-node-critical' },
    value: 2_000_001_000,
    description: 'Used for system critical pods that must not be moved from their current node.',
  },
  {
    metadata: { name: 'system-cluster-critical' },
    value: 2_000_000_000,
    description:
      'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
  },
];

function knownSystemClassError(pc: PriorityClass): string | undefined {
  const sys = systemPriorityClasses.find((s) => s.metadata.name === pc.metadata.name);
  if (!sys) return `name ${pc.metadata.name ?? ''} is not a known system priority class`;
  if (sys.value !== pc.value) return `value of ${pc.metadata.name ?? ''} PriorityClass must be ${sys.value ?? 0}`;
  if ((pc.globalDefault ?? false) !== false)
    return `globalDefault of ${pc.metadata.name ?? ''} PriorityClass must be false`;
  return undefined;
}

export function validatePriorityClass(pc: PriorityClass): FieldError[] {
  const errs = validateObjectMeta(pc.metadata, false, nameIsDNSSubdomain, Path.root('metadata'));
  if ((pc.metadata.name ?? '').startsWith('system-')) {
    const why = knownSystemClassError(pc);
    if (why)
      errs.push(
        forbidden(
          'metadata.name',
          `priority class names with 'system-' prefix are reserved for system use only. error: ${why}`,
        ),
      );
  } else if ((pc.value ?? 0) > highestUserDefinablePriority) {
    errs.push(
      forbidden('value', `maximum allowed value of a user defined priority is ${highestUserDefinablePriority}`),
    );
  }
  if (pc.preemptionPolicy !== undefined && pc.preemptionPolicy !== null) {
    if (pc.preemptionPolicy === '') errs.push(required('preemptionPolicy'));
    else if (!['PreemptLowerPriority', 'Never'].includes(pc.preemptionPolicy))
      errs.push(notSupported('preemptionPolicy', pc.preemptionPolicy, ['PreemptLowerPriority', 'Never']));
  }
  return errs;
}

export function validatePriorityClassUpdate(pc: PriorityClass, old: PriorityClass): FieldError[] {
  const errs = validateObjectMetaUpdate(pc.metadata, old.metadata, Path.root('metadata'));
  if (pc.value !== old.value) errs.push(forbidden('value', 'may not be changed in an update.'));
  return errs.concat(validateImmutableField(pc.preemptionPolicy, old.preemptionPolicy, Path.root('preemptionPolicy')));
}

export function setDefaultsPriorityClass(pc: PriorityClass): void {
  if (!pc.preemptionPolicy) pc.preemptionPolicy = 'PreemptLowerPriority';
}
