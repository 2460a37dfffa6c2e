import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import yargs from 'yargs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCommand } from '../../../pkg/cli/run.js';
import { configure } from '../../../pkg/klog/klog.js';
import { knownControllerList } from '../names/controller-names.js';
import type { ControllerDescriptor } from './controller-context.js';
import {
  canonicalControllers,
  isControllerEnabled,
  newControllerDescriptors,
  validateControllers,
} from './controller-descriptors.js';
import {
  addControllerManagerFlags,
  newConfig,
  newControllerManagerCommand,
  run,
  startControllers,
} from './controller-manager.js';

let logged: string[];
beforeEach(() => {
  logged = [];
  configure({ write: (line) => logged.push(line) });
});
afterEach(() => configure({ verbosity: 0, format: 'text', write: (line) => process.stderr.write(line) }));

/** The flags as the command parses them from `args`. */
function parse(args: string[]) {
  return addControllerManagerFlags(yargs().parserConfiguration({ 'dot-notation': false, 'boolean-negation': false }))
    .strict()
    .parseSync(args);
}

async function command(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCommand(newControllerManagerCommand(), args, 'kube-controller-manager', {
    stdout: (t) => (stdout += t),
    stderr: (t) => (stderr += t),
  });
  return { code, stdout, stderr };
}

describe('kube-controller-manager flags', () => {
  it('has upstream defaults', () => {
    const c = newConfig(parse(['--master', 'https://127.0.0.1:6443']));
    expect(c.controllers).toEqual(['*']);
    expect(c.leaderElection).toEqual({
      leaderElect: true,
      leaseDurationMs: 15_000,
      renewDeadlineMs: 10_000,
      retryPeriodMs: 2_000,
      resourceLock: 'leases',
      resourceName: 'kube-controller-manager',
      resourceNamespace: 'kube-system',
    });
    expect(c.options.minResyncPeriodMs).toBe(12 * 3600_000);
    expect(c.options.rateLimit).toEqual({ qps: 20, burst: 30 });
    expect(c.options.namespaceSyncPeriodMs).toBe(300_000);
    expect(c.options.enableGarbageCollector).toBe(true);
    expect(c.options.concurrentSyncs.get('namespace-controller')).toBe(10);
    expect(c.options.concurrentSyncs.get('garbage-collector-controller')).toBe(20);
    expect(c.options.concurrentSyncs.get('deployment-controller')).toBe(5);
    expect(c.options.concurrentSyncs.get('daemonset-controller')).toBe(2);
  });

  it('takes --controllers as repeated or comma-separated entries, aliases turned into names', () => {
    const c = newConfig(
      parse(['--master', 'https://h:1', '--controllers=*,-namespace', '--controllers=garbagecollector,-ttl']),
    );
    expect(c.controllers).toEqual(['*', '-namespace-controller', 'garbage-collector-controller', '-ttl-controller']);
    expect(canonicalControllers(['-root-ca-cert-publisher'])).toEqual(['-root-ca-certificate-publisher-controller']);
  });

  it('lists every controller and the disabled-by-default ones in --controllers help', async () => {
    const { code, stdout } = await command(['--help']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^kube-controller-manager \[flags\]\n/);
    const flat = stdout.replace(/\s+/g, ' ');
    expect(flat).toContain(
      'All controllers: bootstrap-signer-controller, certificatesigningrequest-approving-controller,',
    );
    expect(flat).toContain(
      'Disabled-by-default controllers: bootstrap-signer-controller, selinux-warning-controller, token-cleaner-controller',
    );
    for (const flag of ['--leader-elect-lease-duration', '--concurrent-gc-syncs', '--root-ca-file', '--kube-api-qps']) {
      expect(stdout).toContain(flag);
    }
  });

  it('names every unknown controller as upstream does, with or without the minus', async () => {
    expect(validateControllers(['*', 'bogus', '-nope', 'namespace', '-deployment-controller'])).toEqual([
      '"bogus" is not in the list of known controllers',
      '"nope" is not in the list of known controllers',
    ]);
    const { code, stderr } = await command(['--master', 'https://h:1', '--controllers=*,-bogus']);
    expect(code).toBe(1);
    expect(stderr).toBe('error: "bogus" is not in the list of known controllers\n');
    expect(logged).toEqual([]);
  });

  it('rejects malformed numbers and durations as pflag does', async () => {
    expect((await command(['--kube-api-qps=fast'])).stderr).toBe(
      'error: invalid argument "fast" for "--kube-api-qps" flag: strconv.ParseFloat: parsing "fast": invalid syntax\n' +
        "Run 'kube-controller-manager --help' for usage.\n",
    );
    expect((await command(['--concurrent-gc-syncs=2.5'])).stderr).toMatch(
      /^error: invalid argument "2.5" for "--concurrent-gc-syncs" flag: strconv.ParseInt: parsing "2.5": invalid syntax\n/,
    );
    expect((await command(['--namespace-sync-period=often'])).stderr).toMatch(
      /^error: invalid argument "often" for "--namespace-sync-period" flag: time: invalid duration "often"\n/,
    );
  });

  it('reports every problem at once: controllers, lock type and timing, root CA file', () => {
    expect(() =>
      newConfig(
        parse([
          '--master',
          'https://h:1',
          '--controllers=x',
          '--leader-elect-resource-lock=endpoints',
          '--leader-elect-renew-deadline=1s',
          '--root-ca-file=/nonexistent/ca.crt',
        ]),
      ),
    ).toThrow(
      '["x" is not in the list of known controllers, error parsing root-ca-file at /nonexistent/ca.crt: open /nonexistent/ca.crt: no such file or directory, resourceLock value must be "leases", renewDeadline must be greater than retryPeriod*JitterFactor]',
    );
  });

  it('publishes --root-ca-file when given and valid, the kubeconfig CA otherwise', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kcm-ca-'));
    const bad = path.join(dir, 'bad.crt');
    writeFileSync(bad, 'not a certificate');
    expect(() => newConfig(parse(['--master', 'https://h:1', `--root-ca-file=${bad}`]))).toThrow(
      `error parsing root-ca-file at ${bad}: data does not contain any valid RSA or ECDSA certificates`,
    );
    const good = path.join(dir, 'ca.crt');
    const pem = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';
    writeFileSync(good, pem);
    expect(newConfig(parse(['--master', 'https://h:1', `--root-ca-file=${good}`])).options.rootCA).toBe(pem);
    expect(newConfig(parse(['--master', 'https://h:1'])).options.rootCA).toBeUndefined();
  });

  it('needs --kubeconfig, --master or an in-cluster environment', () => {
    expect(() => newConfig(parse([]), {})).toThrow('unable to load in-cluster configuration');
  });
});

describe('controller selection', () => {
  it('follows upstream IsControllerEnabled: the first mention wins, * spares disabled-by-default ones', () => {
    expect(isControllerEnabled('a', false, ['*'])).toBe(true);
    expect(isControllerEnabled('a', true, ['*'])).toBe(false);
    expect(isControllerEnabled('a', true, ['*', 'a'])).toBe(true);
    expect(isControllerEnabled('a', false, ['-a', '*'])).toBe(false);
    expect(isControllerEnabled('a', false, ['a', '-a'])).toBe(true);
    expect(isControllerEnabled('a', false, ['b'])).toBe(false);
  });

  it('checks each descriptor against upstream’s names, aliases and defaults', () => {
    const init: ControllerDescriptor['init'] = async () => undefined;
    expect(newControllerDescriptors().size).toBeGreaterThanOrEqual(5);
    expect(() => newControllerDescriptors([{ name: 'my-controller', aliases: [], init }])).toThrow(
      'controller "my-controller" is not a kube-controller-manager controller',
    );
    expect(() => newControllerDescriptors([{ name: 'namespace-controller', aliases: ['ns'], init }])).toThrow(
      'controller "namespace-controller" has aliases [ns], upstream has [namespace]',
    );
    const ns = { name: 'namespace-controller', aliases: ['namespace'], init };
    expect(() => newControllerDescriptors([ns, ns])).toThrow(
      'controller name "namespace-controller" was registered twice',
    );
    expect(() => newControllerDescriptors([{ ...ns, disabledByDefault: true }])).toThrow(
      'controller "namespace-controller" must be enabled by default',
    );
  });

  it('starts the enabled implemented controllers, skips the rest with upstream’s log lines', async () => {
    const started: string[] = [];
    const descriptor = (name: string, aliases: string[], result: boolean): ControllerDescriptor => ({
      name,
      aliases,
      init: async () => {
        started.push(name);
        return result ? { done: Promise.resolve() } : undefined;
      },
    });
    const descriptors = newControllerDescriptors(
      [
        descriptor('namespace-controller', ['namespace'], true),
        descriptor('serviceaccount-controller', ['serviceaccount'], false),
        descriptor('bootstrap-signer-controller', ['bootstrapsigner'], true),
      ].map((d) => (d.name === 'bootstrap-signer-controller' ? { ...d, disabledByDefault: true } : d)),
    );
    const ctx = {} as Parameters<ControllerDescriptor['init']>[0];
    const running = await startControllers(ctx, descriptors, ['*', '-garbage-collector-controller']);
    expect(started).toEqual(['namespace-controller', 'serviceaccount-controller']);
    expect(running).toHaveLength(1);
    const text = logged.join('');
    expect(text).toContain('Started controller controller="namespace-controller"');
    expect(text).toContain('Warning: skipping controller controller="serviceaccount-controller"');
    expect(text).toContain('Warning: controller is disabled controller="garbage-collector-controller"');
    expect(text).toContain('Warning: controller is disabled controller="bootstrap-signer-controller"');
    expect(text).toMatch(
      /Skipping controllers this release does not implement controllers=\[.*"deployment-controller"/,
    );
    expect(knownControllerList.filter((k) => k.disabledByDefault).map((k) => k.name)).toEqual([
      'bootstrap-signer-controller',
      'token-cleaner-controller',
      'selinux-warning-controller',
    ]);
  });

  it('fails the start when a controller fails to initialize', async () => {
    const descriptors = newControllerDescriptors([
      { name: 'namespace-controller', aliases: ['namespace'], init: async () => Promise.reject(new Error('boom')) },
    ]);
    const ctx = {} as Parameters<ControllerDescriptor['init']>[0];
    await expect(startControllers(ctx, descriptors, ['namespace-controller'])).rejects.toThrow('boom');
    expect(logged.join('')).toContain('Error starting controller');
  });
});

describe('kube-controller-manager run', () => {
  it('gives up when the apiserver never becomes healthy, as upstream, with its message', async () => {
    const c = newConfig(parse(['--master', 'http://127.0.0.1:1', '--leader-elect=false']));
    await expect(run(c, new AbortController().signal, { apiServerWaitMs: 1 })).rejects.toThrow(
      /^failed to wait for apiserver being healthy: timed out waiting for the condition/,
    );
  });

  it('keeps campaigning while the Lease cannot be reached, and stops on the signal without exiting', async () => {
    const c = newConfig(
      parse([
        '--master',
        'http://127.0.0.1:1',
        '--leader-elect-retry-period=1s',
        '--leader-elect-renew-deadline=2s',
        '--leader-elect-lease-duration=3s',
      ]),
    );
    const stop = new AbortController();
    const exits: number[] = [];
    const done = run(c, stop.signal, { exit: (code) => exits.push(code) });
    // The Lease cannot be reached: it keeps trying; a stop ends it without an exit.
    await new Promise((r) => setTimeout(r, 100));
    stop.abort(new Error('received signal SIGTERM'));
    await done;
    expect(exits).toEqual([]);
    expect(logged.at(-1)).toMatch(/Stopping kube-controller-manager reason="received signal SIGTERM"/);
  });
});
