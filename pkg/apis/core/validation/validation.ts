/**
 * Shared pieces of core validation (pkg/apis/core/validation/validation.go, first part): the
 * per-resource name rules, ObjectMeta with the kube finalizer-name rule, and the small field
 * checks every kind file uses. The kind-specific validators live in the sibling validation-*.ts files.
 */
import type { ObjectMeta } from '../../meta/v1/types.js';
import {
  isNegativeErrorMsg,
  nameIsDNS1035Label,
  nameIsDNSLabel,
  nameIsDNSSubdomain,
  type ValidateNameFunc,
} from '../../../api/validation/generic.js';
import {
  validateObjectMeta as validateGenericObjectMeta,
  validateObjectMetaUpdate as validateGenericObjectMetaUpdate,
  validateFinalizerName as validateGenericFinalizerName,
} from '../../../api/validation/objectmeta.js';
import { invalid, required, type FieldError, type Path } from '../../../util/validation/field/errors.js';
import {
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidPortName,
  isValidPortNum,
} from '../../../util/validation/validation.js';
import type { IntOrString } from '../v1/types.js';

export { fieldImmutableErrorMsg, validateImmutableField } from '../../../api/validation/objectmeta.js';
export { isNegativeErrorMsg };
export const isNotIntegerErrorMsg = 'must be an integer';
export const isNotPositiveErrorMsg = 'must be greater than zero';
export const fileModeErrorMsg = 'must be a number between 0 and 0777 (octal), both inclusive';

export const validatePodName: ValidateNameFunc = nameIsDNSSubdomain;
export const validateReplicationControllerName: ValidateNameFunc = nameIsDNSSubdomain;
export const validateServiceName: ValidateNameFunc = nameIsDNS1035Label;
export const validateNodeName: ValidateNameFunc = nameIsDNSSubdomain;
export const validateNamespaceName: ValidateNameFunc = nameIsDNSLabel;
export const validateLimitRangeName: ValidateNameFunc = nameIsDNSSubdomain;
export const validateResourceQuotaName: ValidateNameFunc = nameIsDNSSubdomain;
export const validateSecretName: ValidateNameFunc = nameIsDNSSubdomain;
export const validateServiceAccountName: ValidateNameFunc = nameIsDNSSubdomain;
export const validateEndpointsName: ValidateNameFunc = nameIsDNSSubdomain;
export const validateConfigMapName: ValidateNameFunc = nameIsDNSSubdomain;
export const validateClassName: ValidateNameFunc = nameIsDNSSubdomain;
export const validatePriorityClassName: ValidateNameFunc = nameIsDNSSubdomain;
export const validatePersistentVolumeName: ValidateNameFunc = nameIsDNSSubdomain;

/** Finalizers without a domain prefix must be one of the well-known ones. */
const standardFinalizers = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

export function validateKubeFinalizerName(name: string, fldPath: Path): FieldError[] {
  if (name.split('/').length === 1 && !standardFinalizers.has(name)) {
    return [invalid(String(fldPath), name, 'name is neither a standard finalizer name nor is it fully qualified')];
  }
  return [];
}

/** A finalizer name: qualified, and standard when unprefixed (namespace spec.finalizers). */
export function validateFinalizerName(name: string, fldPath: Path): FieldError[] {
  return [...validateGenericFinalizerName(name, fldPath), ...validateKubeFinalizerName(name, fldPath)];
}

/** ValidateObjectMeta for built-in kinds: the generic checks plus the kube finalizer-name rule. */
export function validateObjectMeta(
  meta: ObjectMeta,
  requiresNamespace: boolean,
  nameFn: ValidateNameFunc,
  fldPath: Path,
): FieldError[] {
  const errs = validateGenericObjectMeta(meta, requiresNamespace, nameFn, fldPath);
  (meta.finalizers ?? []).forEach((f, i) => {
    errs.push(...validateKubeFinalizerName(f, fldPath.child('finalizers').index(i)));
  });
  return errs;
}

export function validateObjectMetaUpdate(newMeta: ObjectMeta, oldMeta: ObjectMeta, fldPath: Path): FieldError[] {
  const errs = validateGenericObjectMetaUpdate(newMeta, oldMeta, fldPath);
  (newMeta.finalizers ?? []).forEach((f, i) => {
    errs.push(...validateKubeFinalizerName(f, fldPath.child('finalizers').index(i)));
  });
  return errs;
}

/** Name-rule messages as Invalid errors at `fldPath`. */
export function nameErrors(nameFn: ValidateNameFunc, value: string, fldPath: Path): FieldError[] {
  return nameFn(value, false).map((msg) => invalid(String(fldPath), value, msg));
}

export function validateDNS1123Label(value: string, fldPath: Path): FieldError[] {
  return isDNS1123Label(value).map((msg) => invalid(String(fldPath), value, msg));
}

export function validateDNS1123Subdomain(value: string, fldPath: Path): FieldError[] {
  return isDNS1123Subdomain(value).map((msg) => invalid(String(fldPath), value, msg));
}

export function validateQualifiedName(value: string, fldPath: Path): FieldError[] {
  return isQualifiedName(value).map((msg) => invalid(String(fldPath), value, msg));
}

export function validateNonnegativeField(value: number | undefined | null, fldPath: Path): FieldError[] {
  return typeof value === 'number' && value < 0 ? [invalid(String(fldPath), value, isNegativeErrorMsg)] : [];
}

/** An IntOrString port: a port number 1..65535 or an IANA port name. */
export function validatePortNumOrName(port: IntOrString | undefined, fldPath: Path): FieldError[] {
  if (typeof port === 'number') return isValidPortNum(port).map((msg) => invalid(String(fldPath), port, msg));
  const name = port ?? '';
  // A numeric string is still a string on the wire: upstream validates it as a port name.
  return isValidPortName(name).map((msg) => invalid(String(fldPath), name, msg));
}

/** `required(path)` for Path values. */
export function requiredAt(fldPath: Path, detail = ''): FieldError {
  return required(String(fldPath), detail);
}
