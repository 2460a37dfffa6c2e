/**
 * The multi-call binary end to end: the built bundles in dist/ run as real processes, by
 * subcommand, through symlinks and as lone copies; signals, flag errors and log formats are
 * checked on what a user would see (exit codes, stdout, stderr).
 */
import { copyFileSync, existsSync, lstatSync, readFileSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { versionString } from '../../pkg/version/version.js';
import {
  bundleNames,
  bundlePath,
  getFreePort,
  makeTempDir,
  repoRoot,
  runBundle,
  startBundle,
  useBundles,
  type BundleName,
  type StartOptions,
} from './support/bundle.js';

useBundles();

interface Component {
  name: Exclude<BundleName, 'hyperkube'>;
  alias: string;
  /** Flags that let it start here: no fixed port, no shared data directory. */
  runArgs: () => Promise<string[]>;
  /** The log line that says it is up. */
  started: RegExp;
}

const components: Component[] = [
  {
    name: 'kube-apiserver',
    alias: 'apiserver',
    runArgs: async () => [
      '--secure-port',
      String(await getFreePort()),
      '--bind-address=127.0.0.1',
      '--storage=memory',
      `--data-dir=${makeTempDir()}`,
    ],
    started: /Serving securely/,
  },
  {
    name: 'kube-controller-manager',
    alias: 'controller-manager',
    runArgs: async () => ['--master', 'http://127.0.0.1:1'],
    started: /Starting kube-controller-manager/,
  },
  {
    name: 'kube-scheduler',
    alias: 'scheduler',
    runArgs: async () => ['--master', 'http://127.0.0.1:1'],
    started: /Starting Kubernetes Scheduler/,
  },
];
const [apiserver, controllerManager, scheduler] = components as [Component, Component, Component];

/** Starts `target args`, waits until `component` says it is up, sends `sig`, returns the exit. */
async function startAndStop(
  component: Component,
  target: string,
  args: string[],
  sig: NodeJS.Signals = 'SIGTERM',
  opts: StartOptions = {},
) {
  const proc = startBundle(target, args, opts);
  await proc.waitForLine(component.started);
  proc.signal(sig);
  return proc.waitForExit();
}

/** Links every component name to hyperkube in a fresh directory and returns it. */
async function makeLinks(): Promise<string> {
  const dir = makeTempDir();
  const result = await runBundle('hyperkube', ['--make-symlinks', '--dir', dir]);
  expect(result.code, result.stderr).toBe(0);
  return dir;
}

describe('hyperkube --help and --version', () => {
  it('lists every component with its aliases and a one-line description', async () => {
    const { code, stdout, stderr } = await runBundle('hyperkube', ['--help']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    for (const c of components)
      expect(stdout).toMatch(new RegExp(`^  ${c.name}, ${c.alias} +The Kubernetes [^\\n]+\\.$`, 'm'));
  });

  it('prints the version from every entry point', async () => {
    const links = await makeLinks();
    const entries: [string, string[], StartOptions?][] = [
      ...bundleNames.map((name): [string, string[]] => [name, ['--version']]),
      ...components.flatMap((c): [string, string[]][] => [
        ['hyperkube', [c.name, '--version']],
        ['hyperkube', [c.alias, '--version']],
      ]),
      ...components.map((c): [string, string[], StartOptions] => [
        path.join(links, c.name),
        ['--version'],
        { direct: true },
      ]),
    ];
    for (const [target, args, opts] of entries) {
      expect(await runBundle(target, args, opts), `${target} ${args.join(' ')}`).toMatchObject({
        code: 0,
        stdout: `${versionString()}\n`,
        stderr: '',
      });
    }
  });

  it.each(components.map((c) => [c.name, c] as const))(
    'prints identical %s --help standalone, by name, by alias and through a symlink',
    async (_, c) => {
      const standalone = await runBundle(c.name, ['--help']);
      expect(standalone.code).toBe(0);
      expect(standalone.stdout).toMatch(new RegExp(`^${c.name} \\[flags\\]\\n\\nThe Kubernetes `));
      expect(standalone.stdout).toContain('Logs flags:');
      const links = await makeLinks();
      for (const [target, args, opts] of [
        ['hyperkube', [c.name, '--help']],
        ['hyperkube', [c.alias, '-h']],
        ['hyperkube', ['help', c.alias]],
        [path.join(links, c.name), ['--help'], { direct: true }],
      ] as [string, string[], StartOptions?][]) {
        expect(await runBundle(target, args, opts), `${target} ${args.join(' ')}`).toEqual(standalone);
      }
    },
  );

  it('rejects an unknown component, listing the valid ones', async () => {
    const { code, stdout, stderr } = await runBundle('hyperkube', ['kubelet']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'error: unknown component "kubelet"; valid components: kube-apiserver|apiserver, kube-controller-manager|controller-manager, kube-scheduler|scheduler\n' +
        "Run 'hyperkube --help' for usage.\n",
    );
  });
});

describe('dispatch and stop', () => {
  it.each(components.flatMap((c) => [[c.name, c] as const, [c.alias, c] as const]))(
    'runs `hyperkube %s` and exits 0 after SIGTERM',
    async (sub, c) => {
      const result = await startAndStop(c, 'hyperkube', [sub, ...(await c.runArgs())]);
      expect(result, result.stderr).toMatchObject({ code: 0, signal: null });
    },
  );

  it.each(components.map((c) => [c.name, c] as const))('runs standalone %s and exits 0 after SIGINT', async (_, c) => {
    const result = await startAndStop(c, c.name, await c.runArgs(), 'SIGINT');
    expect(result, result.stderr).toMatchObject({ code: 0, signal: null });
  });

  it.each(components.map((c) => [c.name, c] as const))(
    'runs %s through a symlink named after it, via its shebang',
    async (_, c) => {
      const links = await makeLinks();
      // The first argument names another component: the link name must win.
      const other = c === scheduler ? 'apiserver' : 'scheduler';
      const rejected = await runBundle(path.join(links, c.name), [other], { direct: true });
      expect(rejected.code).toBe(1);
      expect(rejected.stderr).toMatch(new RegExp(`^error: Unknown argument: ${other}\\nRun '${c.name} --help'`));
      const result = await startAndStop(c, path.join(links, c.name), await c.runArgs(), 'SIGTERM', { direct: true });
      expect(result, result.stderr).toMatchObject({ code: 0, signal: null });
    },
  );

  it('exits 1 at once on a second signal while the apiserver is still stopping', async () => {
    const proc = startBundle('hyperkube', [
      'apiserver',
      ...(await apiserver.runArgs()),
      '--shutdown-delay-duration=30s',
    ]);
    await proc.waitForLine(apiserver.started);
    proc.signal('SIGTERM');
    await proc.waitForLine(/ShutdownInitiated/);
    const sent = Date.now();
    proc.signal('SIGTERM');
    const result = await proc.waitForExit();
    expect(result.code).toBe(1);
    expect(Date.now() - sent).toBeLessThan(5_000);
  });

  it('lets the scheduler find the apiserver through the kubeconfig the apiserver wrote', async () => {
    const dataDir = makeTempDir();
    const port = await getFreePort();
    const server = startBundle('hyperkube', [
      'apiserver',
      '--secure-port',
      String(port),
      '--bind-address=127.0.0.1',
      '--storage=memory',
      `--data-dir=${dataDir}`,
    ]);
    await server.waitForLine(/Wrote admin kubeconfig/);
    const kubeconfig = path.join(dataDir, 'kubeconfig');
    const proc = startBundle('hyperkube', ['scheduler', '--kubeconfig', kubeconfig]);
    const line = await proc.waitForLine(scheduler.started);
    expect(line).toContain(`server="https://127.0.0.1:${port}"`);
    proc.signal('SIGTERM');
    server.signal('SIGTERM');
    expect((await proc.waitForExit()).code).toBe(0);
    expect((await server.waitForExit()).code).toBe(0);
  });
});

describe('hyperkube --make-symlinks', () => {
  it('creates the links next to the bundle by default, each running its component', async () => {
    const dir = makeTempDir();
    const bin = path.join(dir, 'hyperkube.js');
    copyFileSync(bundlePath('hyperkube'), bin);
    const { code, stdout, stderr } = await runBundle(bin, ['--make-symlinks']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).toBe(components.map((c) => `${path.join(dir, c.name)} -> ${bin}\n`).join(''));
    for (const c of components) {
      expect(readlinkSync(path.join(dir, c.name))).toBe(bin);
      expect((await runBundle(path.join(dir, c.name), ['--help'], { direct: true })).stdout).toMatch(
        new RegExp(`^${c.name} \\[flags\\]`),
      );
    }
    // Running it again is harmless.
    expect((await runBundle(bin, ['--make-symlinks'])).code).toBe(0);
  });

  it('refuses to overwrite a regular file and creates no link', async () => {
    const dir = makeTempDir();
    const file = path.join(dir, 'kube-scheduler');
    writeFileSync(file, 'not yours\n');
    const { code, stdout, stderr } = await runBundle('hyperkube', ['--make-symlinks', `--dir=${dir}`]);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(`error: refusing to overwrite ${file}: not a symlink\n`);
    expect(readFileSync(file, 'utf8')).toBe('not yours\n');
    expect(existsSync(path.join(dir, 'kube-apiserver'))).toBe(false);
  });
});

describe('bundles are self-contained', () => {
  it('runs a lone copy of dist/hyperkube.js in an empty directory', async () => {
    const dir = makeTempDir();
    // Node would find packages in any node_modules above the copy; there must be none.
    for (let d = dir; d !== path.dirname(d); d = path.dirname(d))
      expect(existsSync(path.join(d, 'node_modules')), d).toBe(false);
    const bin = path.join(dir, 'hyperkube.js');
    copyFileSync(bundlePath('hyperkube'), bin);
    expect(await runBundle(bin, ['--version'], { cwd: dir, env: { NODE_PATH: undefined } })).toMatchObject({
      code: 0,
      stdout: `${versionString()}\n`,
    });
    for (const c of components) {
      const result = await startAndStop(c, bin, [c.alias, ...(await c.runArgs())], 'SIGTERM', {
        cwd: dir,
        env: { NODE_PATH: undefined },
      });
      expect(result, result.stderr).toMatchObject({ code: 0 });
    }
  });

  it.each(bundleNames)('ships %s.js with a shebang, the run bit and a source map beside it', (name) => {
    const file = bundlePath(name);
    expect(readFileSync(file, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(statSync(file).mode & 0o111).toBe(0o111);
    expect(lstatSync(`${file}.map`).isFile()).toBe(true);
    expect(readFileSync(file, 'utf8')).toContain(`//# sourceMappingURL=${name}.js.map`);
  });
});

describe('build.mjs --outdir', () => {
  // A full esbuild run on a shared 2-core machine: allow it more than the default test timeout.
  const buildTimeoutMs = 120_000;

  it(
    'writes smaller minified bundles elsewhere, with shebang and run bit',
    async () => {
      const dir = makeTempDir();
      const build = await runBundle(path.join(repoRoot, 'build.mjs'), ['--minify', `--outdir=${dir}`], {
        timeoutMs: buildTimeoutMs,
      });
      expect(build.code, build.stderr).toBe(0);
      for (const name of bundleNames) {
        const file = path.join(dir, `${name}.js`);
        expect(statSync(file).size, name).toBeLessThan(statSync(bundlePath(name)).size);
        expect(readFileSync(file, 'utf8').startsWith('#!/usr/bin/env node\n'), name).toBe(true);
        expect(statSync(file).mode & 0o111, name).toBe(0o111);
      }
      // Its report names only files in the outdir. (Not dist/ mtimes: other test files may rebuild it.)
      const reported = build.stdout.split('\n').filter((line) => line.includes('.js '));
      expect(reported.map((line) => line.split(/\s+/)[0]).sort()).toEqual(
        bundleNames.map((name) => path.join(dir, `${name}.js`)).sort(),
      );
      // Run through the shebang, as an installed binary would be.
      expect(await runBundle(path.join(dir, 'hyperkube.js'), ['--version'], { direct: true })).toMatchObject({
        code: 0,
        stdout: `${versionString()}\n`,
        stderr: '',
      });
    },
    buildTimeoutMs + 20_000,
  );

  it('rejects --outdir without a directory and unknown flags, building nothing', async () => {
    const script = path.join(repoRoot, 'build.mjs');
    expect(await runBundle(script, ['--outdir'])).toMatchObject({
      code: 2,
      stdout: '',
      stderr: expect.stringMatching(/^error: --outdir needs a directory\nusage: /),
    });
    expect(await runBundle(script, ['--minfy'])).toMatchObject({
      code: 2,
      stdout: '',
      stderr: expect.stringMatching(/^error: unknown argument "--minfy"\nusage: /),
    });
  });
});

describe('flag errors', () => {
  const entries = components.flatMap((c) => [
    [c.name, [] as string[]],
    ['hyperkube', [c.alias]],
  ]) as [string, string[]][];

  it.each(entries)(
    '%s %j: an unknown flag prints one error line and exits 1 without a stack trace',
    async (target, prefix) => {
      const { code, stdout, stderr } = await runBundle(target, [...prefix, '--no-such-flag=1']);
      expect(code).toBe(1);
      expect(stdout).toBe('');
      expect(stderr).toMatch(/^error: Unknown argument: no-such-flag\nRun 'kube-[a-z-]+ --help' for usage\.\n$/);
    },
  );

  it.each(components.map((c) => [c.alias, c] as const))('%s rejects --v=-1 and --logging-format=xml', async (_, c) => {
    const args = await c.runArgs();
    const v = await runBundle('hyperkube', [c.alias, ...args, '--v=-1']);
    expect(v.code).toBe(1);
    expect(v.stderr).toMatch(
      /^error: invalid argument "-1" for "-v, --v" flag: must be an integer from 0 to 2147483647\n/,
    );
    const format = await runBundle('hyperkube', [c.alias, ...args, '--logging-format=xml']);
    expect(format.code).toBe(1);
    expect(format.stderr).toBe('error: format: Invalid value: "xml": Unsupported log format\n');
  });

  it.each([controllerManager, scheduler].map((c) => [c.name, c] as const))(
    '%s validates its client connection flags',
    async (_, c) => {
      const noFlags = await runBundle(c.name, [], {
        env: { KUBERNETES_SERVICE_HOST: undefined, KUBERNETES_SERVICE_PORT: undefined },
      });
      expect(noFlags.code).toBe(1);
      expect(noFlags.stderr).toMatch(/^W.*Neither --kubeconfig nor --master was specified/);
      expect(noFlags.stderr).toMatch(
        /\nerror: unable to load in-cluster configuration, KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be defined\n$/,
      );

      expect(await runBundle(c.name, ['--master', 'localhost:8080'])).toMatchObject({
        code: 1,
        stderr: 'error: --master: "localhost:8080" is not an http(s) URL\n',
      });
      const missing = path.join(makeTempDir(), 'kubeconfig');
      expect(await runBundle(c.name, ['--kubeconfig', missing])).toMatchObject({
        code: 1,
        stderr: `error: open ${missing}: no such file or directory\n`,
      });
      const empty = path.join(makeTempDir(), 'kubeconfig');
      writeFileSync(empty, '');
      expect((await runBundle(c.name, ['--kubeconfig', empty])).stderr).toBe(
        'error: invalid configuration: no configuration has been provided, try setting KUBERNETES_MASTER environment variable\n',
      );
    },
  );
});

describe('logging', () => {
  it.each(['--v=2', '-v=2', '-v 2'])('logs v(2) lines with verbosity spelled %s, and not without it', async (flag) => {
    const args = await scheduler.runArgs();
    const verbose = await startAndStop(scheduler, 'kube-scheduler', [...args, ...flag.split(' ')]);
    expect(verbose.code).toBe(0);
    expect(verbose.stderr).toMatch(
      /^I.*\] Client configuration server="http:\/\/127\.0\.0\.1:1" authentication="none"/m,
    );
    const quiet = await startAndStop(scheduler, 'kube-scheduler', args);
    expect(quiet.stderr).not.toContain('Client configuration');
  });

  it('writes klog-style text lines on stderr by default, nothing on stdout', async () => {
    const result = await startAndStop(scheduler, 'hyperkube', ['scheduler', ...(await scheduler.runArgs())]);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line).toMatch(/^[IWE]\d{4} \d{2}:\d{2}:\d{2}\.\d{6} +\d+ hyperkube\.js:\d+\] \S/);
  });

  it.each([controllerManager, scheduler].map((c) => [c.name, c] as const))(
    '%s writes only JSON lines with --logging-format=json',
    async (_, c) => {
      const result = await startAndStop(c, c.name, [...(await c.runArgs()), '--logging-format=json']);
      expectJSONLines(result.stderr);
    },
  );

  it('kube-apiserver writes only JSON lines with --logging-format=json', async () => {
    const result = await startAndStop(apiserver, 'kube-apiserver', [
      ...(await apiserver.runArgs()),
      '--logging-format=json',
    ]);
    expectJSONLines(result.stderr);
  });
});

function expectJSONLines(stderr: string): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines.length).toBeGreaterThan(1);
  for (const line of lines) {
    const entry = JSON.parse(line) as Record<string, unknown>;
    expect(typeof entry.ts).toBe('number');
    expect(entry.caller).toMatch(/\.js:\d+$/);
    expect(typeof entry.msg).toBe('string');
  }
}
