/**
 * Group/version helpers (k8s.io/apimachinery/pkg/runtime/schema): turning a wire `apiVersion`
 * into a group and version and back. The GroupVersionKind type itself lives in meta/v1 types.
 */
export interface GroupVersion {
  group: string;
  version: string;
}

/**
 * Splits an apiVersion: `apps/v1` → {apps, v1}, `v1` → {'', v1}, `` → {'', ''}. Mirrors
 * schema.ParseGroupVersion, including its error for more than one slash.
 * @throws Error `unexpected GroupVersion string: a/b/c`
 */
export function parseGroupVersion(apiVersion: string): GroupVersion {
  if (apiVersion === '' || apiVersion === '/') return { group: '', version: '' };
  const parts = apiVersion.split('/');
  if (parts.length === 1) return { group: '', version: apiVersion };
  if (parts.length === 2) return { group: parts[0] ?? '', version: parts[1] ?? '' };
  throw new Error(`unexpected GroupVersion string: ${apiVersion}`);
}

/** `apps/v1`, or `v1` for the core group: the apiVersion field of objects in this group version. */
export function groupVersionString(gv: GroupVersion): string {
  return gv.group === '' ? gv.version : `${gv.group}/${gv.version}`;
}
