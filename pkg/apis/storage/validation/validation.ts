/** StorageClass validation and defaulting (pkg/apis/storage/validation, pkg/apis/storage/v1/defaults.go). */
import {
  forbidden,
  invalid,
  notSupported,
  Path,
  required,
  tooLong,
  tooMany,
  type FieldError,
} from '../../../util/validation/field/errors.js';
import { validateLabelName } from '../../meta/v1/validation/validation.js';
import {
  validateClassName,
  validateImmutableField,
  validateObjectMeta,
  validateObjectMetaUpdate,
  validateQualifiedName,
} from '../../core/validation/validation.js';
import type { StorageClass } from '../v1/types.js';

const maxProvisionerParameterSize = 256 * 1024;
const maxProvisionerParameterLen = 512;

export function setDefaultsStorageClass(sc: StorageClass): void {
  if (!sc.reclaimPolicy) sc.reclaimPolicy = 'Delete';
  if (!sc.volumeBindingMode) sc.volumeBindingMode = 'Immediate';
}

function sameMap(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  const ka = Object.keys(a ?? {}).sort();
  const kb = Object.keys(b ?? {}).sort();
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && a?.[k] === b?.[k]);
}

export function validateStorageClass(sc: StorageClass): FieldError[] {
  const errs = validateObjectMeta(sc.metadata, false, validateClassName, Path.root('metadata'));
  const provisioner = sc.provisioner ?? '';
  if (!provisioner) errs.push(required('provisioner'));
  else errs.push(...validateQualifiedName(provisioner.toLowerCase(), Path.root('provisioner')));
  const params = sc.parameters ?? {};
  let size = 0;
  if (Object.keys(params).length > maxProvisionerParameterLen)
    errs.push(tooMany('parameters', Object.keys(params).length, maxProvisionerParameterLen));
  for (const [k, v] of Object.entries(params)) {
    if (k.length < 1) errs.push(invalid('parameters', k, 'field can not be empty.'));
    size += k.length + (v ?? '').length;
  }
  if (size > maxProvisionerParameterSize) errs.push(tooLong('parameters', maxProvisionerParameterSize));
  if (sc.reclaimPolicy && !['Delete', 'Retain'].includes(sc.reclaimPolicy))
    errs.push(notSupported('reclaimPolicy', sc.reclaimPolicy, ['Delete', 'Retain']));
  if (!sc.volumeBindingMode) errs.push(required('volumeBindingMode'));
  else if (!['Immediate', 'WaitForFirstConsumer'].includes(sc.volumeBindingMode))
    errs.push(notSupported('volumeBindingMode', sc.volumeBindingMode, ['Immediate', 'WaitForFirstConsumer']));
  (sc.allowedTopologies ?? []).forEach((term, i) => {
    (term.matchLabelExpressions ?? []).forEach((e, j) => {
      const p = Path.root('allowedTopologies').index(i).child('matchLabelExpressions').index(j);
      if ((e.values ?? []).length === 0) errs.push(required(String(p.child('values'))));
      errs.push(...validateLabelName(e.key ?? '', p.child('key')));
    });
  });
  return errs;
}

export function validateStorageClassUpdate(sc: StorageClass, old: StorageClass): FieldError[] {
  const errs = validateObjectMetaUpdate(sc.metadata, old.metadata, Path.root('metadata'));
  if (!sameMap(sc.parameters, old.parameters))
    errs.push(forbidden('parameters', 'updates to parameters are forbidden.'));
  if ((sc.provisioner ?? '') !== (old.provisioner ?? ''))
    errs.push(forbidden('provisioner', 'updates to provisioner are forbidden.'));
  if ((sc.reclaimPolicy ?? '') !== (old.reclaimPolicy ?? ''))
    errs.push(forbidden('reclaimPolicy', 'updates to reclaimPolicy are forbidden.'));
  return errs.concat(
    validateImmutableField(sc.volumeBindingMode, old.volumeBindingMode, Path.root('volumeBindingMode')),
  );
}
