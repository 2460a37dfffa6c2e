/**
 * Names that become URL path segments and storage keys (k8s.io/apimachinery/pkg/api/validation/path).
 * Every resource's name must pass this, whatever its own name rule, so that `/api/v1/.../<name>`
 * and the storage key stay unambiguous.
 */

const nameMayNotBe = ['.', '..'];
const nameMayNotContain = ['/', '%'];

/** Problems with `name` as a complete path segment. */
export function isValidPathSegmentName(name: string): string[] {
  for (const bad of nameMayNotBe) if (name === bad) return [`may not be '${bad}'`];
  return isValidPathSegmentPrefix(name);
}

/** Problems with `name` as the start of a generated name (a suffix may still make '.' valid). */
export function isValidPathSegmentPrefix(name: string): string[] {
  return nameMayNotContain.filter((bad) => name.includes(bad)).map((bad) => `may not contain '${bad}'`);
}

/** A ValidateNameFunc: the minimum rule every resource name obeys. */
export function validatePathSegmentName(name: string, prefix: boolean): string[] {
  return prefix ? isValidPathSegmentPrefix(name) : isValidPathSegmentName(name);
}
