import { describe, expect, it } from 'vitest';
import type { RunIO } from '../pkg/cli/run.js';
import { dispatch } from './dispatch.js';
import { componentArgs } from './server.js';

async function server(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const io: RunIO = { stdout: () => undefined, stderr: (t) => (stderr += t) };
  return { code: await dispatch('/x/hyperkube', ['server', ...args], io), stderr };
}

describe('componentArgs', () => {
  it('turns KEY=VALUE (or --KEY=VALUE, or a bare boolean KEY) into flags, keeping their order', () => {
    expect(
      componentArgs('kube-controller-manager-arg', [
        'controllers=*,-namespace',
        '--leader-elect=false',
        'enable-garbage-collector',
      ]),
    ).toEqual({
      args: ['--controllers=*,-namespace', '--leader-elect=false', '--enable-garbage-collector'],
      errs: [],
    });
  });

  it('refuses process-wide logging flags and the connection the server sets up', () => {
    expect(componentArgs('kube-scheduler-arg', ['v=4', 'kubeconfig=/tmp/k', '--master=https://x']).errs).toEqual([
      '--kube-scheduler-arg=v=4: logging flags apply to the whole process; set --v on hyperkube server',
      '--kube-scheduler-arg=kubeconfig=/tmp/k: hyperkube server connects its components to its own apiserver',
      '--kube-scheduler-arg=--master=https://x: hyperkube server connects its components to its own apiserver',
    ]);
  });
});

describe('hyperkube server flag errors', () => {
  it('reports the apiserver’s and the components’ argument problems together, before starting anything', async () => {
    const { code, stderr } = await server(['--secure-port=0', '--kube-controller-manager-arg=v=2']);
    expect(code).toBe(1);
    expect(stderr).toBe(
      'error: [--secure-port 0 must be between 1 and 65535, inclusive. It cannot be turned off with 0, --kube-controller-manager-arg=v=2: logging flags apply to the whole process; set --v on hyperkube server]\n',
    );
  });
});
