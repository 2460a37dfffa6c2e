/** Lease validation (pkg/apis/coordination/validation/validation.go). */
import { nameIsDNSSubdomain } from '../../../api/validation/generic.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../../../api/validation/objectmeta.js';
import { forbidden, invalid, notSupported, Path, type FieldError } from '../../../util/validation/field/errors.js';
import type { Lease } from '../v1/types.js';

function validateLeaseSpec(lease: Lease, fld: Path): FieldError[] {
  const spec = lease.spec ?? {};
  const errs: FieldError[] = [];
  if (spec.leaseDurationSeconds !== undefined && spec.leaseDurationSeconds !== null && spec.leaseDurationSeconds <= 0) {
    errs.push(invalid(String(fld.child('leaseDurationSeconds')), spec.leaseDurationSeconds, 'must be greater than 0'));
  }
  if (spec.leaseTransitions !== undefined && spec.leaseTransitions !== null && spec.leaseTransitions < 0) {
    errs.push(
      invalid(String(fld.child('leaseTransitions')), spec.leaseTransitions, 'must be greater than or equal to 0'),
    );
  }
  if (spec.strategy !== undefined && spec.strategy !== null && spec.strategy !== 'OldestEmulationVersion') {
    errs.push(notSupported(String(fld.child('strategy')), spec.strategy, ['OldestEmulationVersion']));
  }
  if (spec.preferredHolder && !spec.strategy)
    errs.push(forbidden(String(fld.child('preferredHolder')), 'may only be specified if `strategy` is defined'));
  return errs;
}

export function validateLease(lease: Lease): FieldError[] {
  return [
    ...validateObjectMeta(lease.metadata, true, nameIsDNSSubdomain, Path.root('metadata')),
    ...validateLeaseSpec(lease, Path.root('spec')),
  ];
}

export function validateLeaseUpdate(lease: Lease, old: Lease): FieldError[] {
  return [
    ...validateObjectMetaUpdate(lease.metadata, old.metadata, Path.root('metadata')),
    ...validateLeaseSpec(lease, Path.root('spec')),
  ];
}
