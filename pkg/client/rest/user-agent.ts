/**
 * The User-Agent every request carries (mirrors client-go rest.DefaultKubernetesUserAgent):
 * `<command>/<version> (<os>/<arch>) kubernetes/<commit>`, e.g.
 * `kube-controller-manager/v1.33.0 (linux/amd64) kubernetes/hyperku`. Audit logs and the
 * apiserver's metrics group clients by it.
 */
import path from 'node:path';
import { kubernetesGitVersion, versionInfo } from '../../version/version.js';

/** Built from the running script's name, as client-go uses os.Args[0]. */
export function defaultKubernetesUserAgent(argv1: string | undefined = process.argv[1]): string {
  return buildUserAgent(
    adjustCommand(argv1),
    adjustVersion(kubernetesGitVersion),
    versionInfo().platform,
    adjustCommit(versionInfo().gitCommit),
  );
}

/** client-go's rest.AddUserAgent: the default agent with the component's name appended. */
export function userAgentFor(component: string): string {
  return `${defaultKubernetesUserAgent()}/${component}`;
}

function buildUserAgent(command: string, version: string, platform: string, commit: string): string {
  return `${command}/${version} (${platform}) kubernetes/${commit}`;
}

/** The base name of the entry script; the `.js`/`.mjs` suffix goes, as a Go binary has none. */
function adjustCommand(p: string | undefined): string {
  if (!p) return 'unknown';
  return path.basename(p).replace(/\.(c|m)?js$/, '') || 'unknown';
}

/** `v1.33.0-alpha.1` → `v1.33.0`. */
function adjustVersion(v: string): string {
  return v ? (v.split('-')[0] ?? v) : 'unknown';
}

function adjustCommit(c: string): string {
  return c ? c.slice(0, 7) : 'unknown';
}
