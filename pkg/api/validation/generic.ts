/**
 * Name rules per resource (k8s.io/apimachinery/pkg/api/validation/generic.go). A resource picks
 * one ValidateNameFunc; ValidateObjectMeta applies it to metadata.name and metadata.generateName.
 */
import { invalid, type FieldError, type Path } from '../../util/validation/field/errors.js';
import { isDNS1035Label, isDNS1123Label, isDNS1123Subdomain } from '../../util/validation/validation.js';

export const isNegativeErrorMsg = 'must be greater than or equal to 0';

/**
 * Returns upstream's problem descriptions for `name` (empty when valid). `prefix` is true when
 * the value is a generateName, which gets random characters appended, so a trailing '-' is fine.
 */
export type ValidateNameFunc = (name: string, prefix: boolean) => string[];

// A generateName like "web-" is validated as if the random suffix were already there.
function maskTrailingDash(name: string): string {
  return name.endsWith('-') ? `${name.slice(0, -1)}a` : name;
}

export const nameIsDNSSubdomain: ValidateNameFunc = (name, prefix) =>
  isDNS1123Subdomain(prefix ? maskTrailingDash(name) : name);

export const nameIsDNSLabel: ValidateNameFunc = (name, prefix) =>
  isDNS1123Label(prefix ? maskTrailingDash(name) : name);

export const nameIsDNS1035Label: ValidateNameFunc = (name, prefix) =>
  isDNS1035Label(prefix ? maskTrailingDash(name) : name);

export const validateNamespaceName: ValidateNameFunc = nameIsDNSLabel;

export const validateServiceAccountName: ValidateNameFunc = nameIsDNSSubdomain;

/** `must be greater than or equal to 0` for a negative number; absent values pass. */
export function validateNonnegativeField(value: number | undefined, fldPath: Path): FieldError[] {
  return value !== undefined && value < 0 ? [invalid(String(fldPath), value, isNegativeErrorMsg)] : [];
}
