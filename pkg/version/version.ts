/**
 * The one place that says which project version this is and which Kubernetes release's API it
 * serves. `/version`, `--version` and the kubectl dispatcher (which picks `kubectl.1.NN` from the
 * server's minor version) all read from here.
 */
export const projectName = 'hyperkube-ts';
export const projectVersion = '0.1.0';

/** The Kubernetes release whose API we serve. */
export const kubernetesMajor = '1';
export const kubernetesMinor = '33';
export const kubernetesGitVersion = `v${kubernetesMajor}.${kubernetesMinor}.0`;

/** `hyperkube-ts v0.1.0 (Kubernetes v1.33)`: what every entry point prints for --version. */
export function versionString(): string {
  return `${projectName} v${projectVersion} (Kubernetes v${kubernetesMajor}.${kubernetesMinor})`;
}

/** The body of `GET /version`, shaped like upstream's version.Info. */
export interface VersionInfo {
  major: string;
  minor: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
}

export function versionInfo(): VersionInfo {
  return {
    major: kubernetesMajor,
    minor: kubernetesMinor,
    gitVersion: kubernetesGitVersion,
    gitCommit: projectName,
    gitTreeState: 'clean',
    buildDate: '1970-01-01T00:00:00Z',
    // Clients only display these two; they say honestly what runs the server.
    goVersion: `node${process.versions.node}`,
    compiler: 'esbuild',
    platform: `${process.platform === 'win32' ? 'windows' : process.platform}/${goArch(process.arch)}`,
  };
}

function goArch(arch: string): string {
  switch (arch) {
    case 'x64':
      return 'amd64';
    case 'ia32':
      return '386';
    default:
      return arch;
  }
}
