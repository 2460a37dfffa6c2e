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

const defaults = { v: 0, 'logging-format': 'text', 'leader-elect': true };

describe('kube-scheduler newConfig', () => {
  it('builds the client config from --master', () => {
    expect(newConfig({ ...defaults, master: 'https://127.0.0.1:6443' })).toEqual({
      client: { host: 'https://127.0.0.1:6443', tlsClientConfig: { insecure: false } },
      leaderElect: true,
    });
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
    const done = run(
      { client: { host: 'https://127.0.0.1:6443', tlsClientConfig: { insecure: false } }, leaderElect: false },
      controller.signal,
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(logged.join('')).toContain('Starting Kubernetes Scheduler');
    expect(logged.join('')).not.toContain('Stopping kube-scheduler');
    controller.abort(new Error('received signal SIGTERM'));
    await done;
    expect(logged.at(-1)).toMatch(/^I.*Stopping kube-scheduler reason="received signal SIGTERM"\n$/);
  });

  it('warns that leader election is not implemented when it is asked for', async () => {
    await run(
      { client: { host: 'http://h:1', tlsClientConfig: { insecure: false } }, leaderElect: true },
      AbortSignal.abort(),
    );
    expect(logged.some((l) => /^W.*Leader election is not implemented/.test(l))).toBe(true);
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
      ['--leader-elect=false', '--kubeconfig', '/nonexistent'],
      'kube-scheduler',
      { stdout: () => undefined, stderr: (t) => (stderr += t) },
    );
    expect(code).toBe(1);
    expect(stderr).toBe('error: open /nonexistent: no such file or directory\n');
  });
});
