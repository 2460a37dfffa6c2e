import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../../pkg/cli/run.js';
import { configure } from '../../../pkg/klog/klog.js';
import { newSchedulerCommand, newConfig, run } from './server.js';

let logged: string[];
beforeEach(() => {
  logged = [];
  configure({ write: (line) => logged.push(line) });
});
afterEach(() => configure({ verbosity: 0, format: 'text', write: (line) => process.stderr.write(line) }));

const leaderElection = {
  'leader-elect': true,
  'leader-elect-lease-duration': 15_000,
  'leader-elect-renew-deadline': 10_000,
  'leader-elect-retry-period': 2_000,
  'leader-elect-resource-lock': 'leases',
  'leader-elect-resource-name': 'kube-scheduler',
  'leader-elect-resource-namespace': 'kube-system',
};
const defaults = { v: 0, 'logging-format': 'text', ...leaderElection };
const config = (leaderElect: boolean) => ({
  client: { host: 'https://127.0.0.1:6443', tlsClientConfig: { insecure: false } },
  leaderElection: {
    leaderElect,
    leaseDurationMs: 15_000,
    renewDeadlineMs: 10_000,
    retryPeriodMs: 2_000,
    resourceLock: 'leases',
    resourceName: 'kube-scheduler',
    resourceNamespace: 'kube-system',
  },
});

describe('kube-scheduler newConfig', () => {
  it('builds the client config from --master', () => {
    expect(newConfig({ ...defaults, master: 'https://127.0.0.1:6443' })).toEqual(config(true));
  });

  it('rejects a lock other than leases and lease timings the elector cannot work with', () => {
    expect(() =>
      newConfig({
        ...defaults,
        master: 'https://127.0.0.1:6443',
        'leader-elect-resource-lock': 'endpoints',
        'leader-elect-renew-deadline': 20_000,
      }),
    ).toThrow('[resourceLock value must be "leases", leaseDuration must be greater than renewDeadline]');
  });

  it('fails on a bad --master or an unreadable --kubeconfig', () => {
    expect(() => newConfig({ ...defaults, master: 'localhost' })).toThrow(
      '--master: "localhost" is not an http(s) URL',
    );
    expect(() => newConfig({ ...defaults, kubeconfig: '/nonexistent/kubeconfig' })).toThrow(
      'open /nonexistent/kubeconfig: no such file or directory',
    );
  });

  it('needs --kubeconfig, --master or an in-cluster environment', () => {
    expect(() => newConfig(defaults, {})).toThrow('unable to load in-cluster configuration');
  });
});

describe('kube-scheduler run', () => {
  it('logs that it started, waits for the signal, then stops cleanly', async () => {
    const controller = new AbortController();
    const done = run(config(false), controller.signal);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(logged.join('')).toContain('Starting Kubernetes Scheduler');
    expect(logged.join('')).not.toContain('Stopping kube-scheduler');
    controller.abort(new Error('received signal SIGTERM'));
    await done;
    expect(logged.at(-1)).toMatch(/^I.*Stopping kube-scheduler reason="received signal SIGTERM"\n$/);
  });

  it('campaigns for its lease when asked to elect a leader, and stops on the signal without exiting', async () => {
    const controller = new AbortController();
    const exits: number[] = [];
    const done = run(
      { ...config(true), client: { host: 'http://127.0.0.1:1', tlsClientConfig: { insecure: false } } },
      controller.signal,
      (code) => exits.push(code),
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(logged.join('')).toContain('attempting to acquire leader lease');
    controller.abort(new Error('received signal SIGTERM'));
    await done;
    expect(exits).toEqual([]);
    expect(logged.at(-1)).toMatch(/Stopping kube-scheduler reason="received signal SIGTERM"/);
  });
});

describe('kube-scheduler command', () => {
  it('rejects invalid flags before starting anything', async () => {
    let stderr = '';
    const code = await runCommand(newSchedulerCommand(), ['--master', 'ftp://x'], 'kube-scheduler', {
      stdout: () => undefined,
      stderr: (t) => (stderr += t),
    });
    expect(code).toBe(1);
    expect(stderr).toBe('error: --master: "ftp://x" is not an http(s) URL\n');
    expect(logged).toEqual([]);
  });

  it('parses --leader-elect=false as a boolean flag, then validates the kubeconfig', async () => {
    let stderr = '';
    const code = await runCommand(
      newSchedulerCommand(),
      ['--leader-elect=false', '--leader-elect-retry-period=3s', '--kubeconfig', '/nonexistent'],
      'kube-scheduler',
      { stdout: () => undefined, stderr: (t) => (stderr += t) },
    );
    expect(code).toBe(1);
    expect(stderr).toBe('error: open /nonexistent: no such file or directory\n');
  });
});

describe('kube-scheduler leader election flags', () => {
  it('takes Go durations and names a malformed one as pflag does', async () => {
    let stderr = '';
    const code = await runCommand(newSchedulerCommand(), ['--leader-elect-lease-duration=soon'], 'kube-scheduler', {
      stdout: () => undefined,
      stderr: (t) => (stderr += t),
    });
    expect(code).toBe(1);
    expect(stderr).toBe(
      'error: invalid argument "soon" for "--leader-elect-lease-duration" flag: time: invalid duration "soon"\n' +
        "Run 'kube-scheduler --help' for usage.\n",
    );
  });
});
