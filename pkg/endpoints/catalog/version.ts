/**
 * Kubernetes' version ordering (mirrors apimachinery's version.CompareKubeAwareVersionStrings):
 * GA before beta before alpha, higher numbers first within each (v2 > v1 > v1beta2 > v1beta1 >
 * v1alpha1), and strings that are not Kubernetes versions last, alphabetically. Discovery lists a
 * group's versions in this order when their priorities tie; the first is the preferred version.
 */

interface ParsedVersion {
  major: number;
  /** 2 for GA, 1 for beta, 0 for alpha. */
  stability: number;
  minor: number;
}

const kubeVersion = /^v(\d+)(?:(alpha|beta)(\d+))?$/;

function parse(version: string): ParsedVersion | undefined {
  const m = kubeVersion.exec(version);
  if (!m) return undefined;
  const stability = m[2] === undefined ? 2 : m[2] === 'beta' ? 1 : 0;
  return { major: Number(m[1]), stability, minor: m[3] === undefined ? 0 : Number(m[3]) };
}

/** Negative when `a` sorts first (is preferred over `b`). */
export function compareKubeAwareVersions(a: string, b: string): number {
  const pa = parse(a);
  const pb = parse(b);
  if (pa && pb) {
    if (pa.stability !== pb.stability) return pb.stability - pa.stability;
    if (pa.major !== pb.major) return pb.major - pa.major;
    return pb.minor - pa.minor;
  }
  if (pa) return -1;
  if (pb) return 1;
  return a < b ? -1 : a > b ? 1 : 0;
}
