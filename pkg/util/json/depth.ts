/**
 * How deeply a client's data may nest, and a stack-free way to measure it.
 *
 * Upstream stops decoding at 10000 levels (encoding/json's maxNestingDepth, which
 * k8s.io/apimachinery/pkg/util/json and sigs.k8s.io/json share; go-yaml's max_flow_level and
 * max_indents). Go grows its stacks; V8 does not, and the natives every decoded object passes
 * through recurse on a fixed stack of about 1 MB: on Node 20, JSON.stringify gives up near 4000
 * levels, structuredClone near 1900, util.isDeepStrictEqual near 1200 and the yaml package's
 * composer near 780. Past that they throw RangeError, and V8 may abort the whole process instead
 * (a regular expression compiled on an exhausted stack is a fatal out-of-memory error). So every
 * decoder here stops at 512 levels, which leaves those walks a safe margin; real objects nest a
 * few dozen levels at most (a CRD's openAPIV3Schema of a pod template, about 30).
 */
export const maxNestingDepth = 512;

/**
 * The number of arrays and objects nested in `value` (0 for a scalar, 1 for `{}` or `[1]`),
 * counted with an explicit stack so any depth is safe. Stops looking once the depth passes
 * `cap` and returns `cap + 1` then, so a caller checking a limit pays for no more than that.
 */
export function nestingDepth(value: unknown, cap = Number.POSITIVE_INFINITY): number {
  if (typeof value !== 'object' || value === null) return 0;
  let deepest = 0;
  const pending: Array<[object, number]> = [[value, 1]];
  for (let next = pending.pop(); next !== undefined; next = pending.pop()) {
    const [container, depth] = next;
    if (depth > deepest) {
      deepest = depth;
      if (deepest > cap) return cap + 1;
    }
    for (const child of Object.values(container)) {
      if (typeof child === 'object' && child !== null) pending.push([child, depth + 1]);
    }
  }
  return deepest;
}
