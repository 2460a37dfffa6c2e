import {
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunIO } from '../pkg/cli/run.js';
import { versionString } from '../pkg/version/version.js';
import { components } from './commands.js';
import { componentFromInvocation, dispatch, makeSymlinks, resolveComponent, usage } from './dispatch.js';

async function hyperkube(
  invokedAs: string | undefined,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: RunIO = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) };
  const code = await dispatch(invokedAs, args, io);
  return { code, stdout, stderr };
}

const names = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler'] as const;
const aliases = {
  'kube-apiserver': 'apiserver',
  'kube-controller-manager': 'controller-manager',
  'kube-scheduler': 'scheduler',
} as const;

describe('resolveComponent', () => {
  it.each(names)('finds %s by its upstream name and by its alias', (name) => {
    expect(resolveComponent(name)?.name).toBe(name);
    expect(resolveComponent(aliases[name])?.name).toBe(name);
  });

  it.each(['hyperkube', 'kubelet', 'Kube-Apiserver', '', 'kube-apiserver.js'])('finds nothing for %j', (name) => {
    expect(resolveComponent(name)).toBeUndefined();
  });
});

describe('componentFromInvocation', () => {
  it.each([
    ['/usr/local/bin/kube-apiserver', 'kube-apiserver'],
    ['kube-scheduler', 'kube-scheduler'],
    ['/opt/hk/kube-controller-manager.js', 'kube-controller-manager'],
    ['./kube-scheduler.mjs', 'kube-scheduler'],
    ['/usr/bin/scheduler', 'kube-scheduler'],
  ])('takes the component from the basename of %s', (invokedAs, name) => {
    expect(componentFromInvocation(invokedAs)?.name).toBe(name);
  });

  it.each([
    [undefined],
    ['/work/dist/hyperkube.js'],
    ['/usr/bin/hyperkube'],
    ['/kube-apiserver/hyperkube'],
    ['kube-apiserver.ts'],
  ])('is no component for %s', (invokedAs) => {
    expect(componentFromInvocation(invokedAs)).toBeUndefined();
  });
});

describe('dispatch', () => {
  it('prints usage listing every component, alias and one-line summary', async () => {
    const { code, stdout, stderr } = await hyperkube('/x/hyperkube.js', ['--help']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toBe(usage());
    for (const c of components) {
      expect(stdout).toMatch(new RegExp(`^  ${c.name}, ${c.aliases.join(', ')} +${escapeRegExp(c.summary)}$`, 'm'));
      expect(c.summary).toMatch(/^[A-Z][^\n]*\.$/);
    }
  });

  it.each([[[]], [['-h']], [['help']]])('prints usage for %j', async (args) => {
    expect(await hyperkube('/x/hyperkube', args)).toEqual({ code: 0, stdout: usage(), stderr: '' });
  });

  it('prints the version', async () => {
    expect(await hyperkube('/x/hyperkube', ['--version'])).toEqual({
      code: 0,
      stdout: `${versionString()}\n`,
      stderr: '',
    });
  });

  it.each(names)('gives %s the same help by name, alias, link name and `help <component>`', async (name) => {
    const byName = await hyperkube('/x/hyperkube', [name, '--help']);
    expect(byName.code).toBe(0);
    expect(byName.stdout).toMatch(new RegExp(`^${name} \\[flags\\]\\n`));
    expect(await hyperkube('/x/hyperkube', [aliases[name], '--help'])).toEqual(byName);
    expect(await hyperkube(`/usr/local/bin/${name}`, ['--help'])).toEqual(byName);
    expect(await hyperkube('/x/hyperkube', ['help', aliases[name]])).toEqual(byName);
  });

  it('lists the server command and gives its help by `server --help` and `help server`', async () => {
    expect(usage()).toMatch(
      /^Commands:\n {2}server +Runs the whole control plane in one process: kube-apiserver, kube-controller-manager and kube-scheduler\.$/m,
    );
    const help = await hyperkube('/x/hyperkube', ['server', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^hyperkube server \[flags\]\n/);
    for (const flag of ['--kube-controller-manager-arg', '--kube-scheduler-arg', '--secure-port', '--data-dir']) {
      expect(help.stdout).toContain(flag);
    }
    expect(await hyperkube('/x/hyperkube', ['help', 'server'])).toEqual(help);
  });

  it('passes every argument after the component to it, flags included', async () => {
    const { code, stderr } = await hyperkube('/x/hyperkube', ['scheduler', '--no-such-flag']);
    expect(code).toBe(1);
    expect(stderr).toBe("error: Unknown argument: no-such-flag\nRun 'kube-scheduler --help' for usage.\n");
  });

  it('runs the link-named component even when the first argument names another', async () => {
    const { code, stderr } = await hyperkube('/bin/kube-scheduler', ['apiserver']);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^error: Unknown argument: apiserver\nRun 'kube-scheduler --help'/);
  });

  it('rejects an unknown component, listing the valid ones', async () => {
    const { code, stdout, stderr } = await hyperkube('/x/hyperkube', ['kubelet', '--v=2']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'error: unknown component "kubelet"; valid components: kube-apiserver|apiserver, kube-controller-manager|controller-manager, kube-scheduler|scheduler\n' +
        "Run 'hyperkube --help' for usage.\n",
    );
  });

  it('rejects an unknown hyperkube flag', async () => {
    const { code, stderr } = await hyperkube('/x/hyperkube', ['--bogus']);
    expect(code).toBe(1);
    expect(stderr).toBe("error: unknown flag: --bogus\nRun 'hyperkube --help' for usage.\n");
  });
});

describe('makeSymlinks', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'hyperkube-links-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('links every component name to the target', () => {
    const made = makeSymlinks('/opt/hyperkube.js', dir);
    expect(made).toEqual(names.map((n) => path.join(dir, n)));
    for (const link of made) expect(readlinkSync(link)).toBe('/opt/hyperkube.js');
  });

  it('keeps links that already point at the target and replaces those that do not', () => {
    symlinkSync('/opt/hyperkube.js', path.join(dir, 'kube-apiserver'));
    symlinkSync('/old/hyperkube.js', path.join(dir, 'kube-scheduler'));
    makeSymlinks('/opt/hyperkube.js', dir);
    for (const n of names) expect(readlinkSync(path.join(dir, n))).toBe('/opt/hyperkube.js');
  });

  it('refuses to overwrite a regular file or directory and then creates no link at all', () => {
    writeFileSync(path.join(dir, 'kube-scheduler'), 'mine');
    mkdirSync(path.join(dir, 'kube-apiserver'));
    expect(() => makeSymlinks('/opt/hyperkube.js', dir)).toThrow(
      `refusing to overwrite ${path.join(dir, 'kube-apiserver')}, ${path.join(dir, 'kube-scheduler')}: not a symlink`,
    );
    expect(readFileSync(path.join(dir, 'kube-scheduler'), 'utf8')).toBe('mine');
    expect(lstatSync(path.join(dir, 'kube-apiserver')).isDirectory()).toBe(true);
    expect(() => lstatSync(path.join(dir, 'kube-controller-manager'))).toThrow(/ENOENT/);
  });

  it('throws when the directory does not exist', () => {
    expect(() => makeSymlinks('/opt/hyperkube.js', path.join(dir, 'missing'))).toThrow(/ENOENT/);
  });
});

describe('hyperkube --make-symlinks', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'hyperkube-links-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('links next to the binary by default, to its absolute path', async () => {
    const bin = path.join(dir, 'hyperkube.js');
    const { code, stdout } = await hyperkube(bin, ['--make-symlinks']);
    expect(code).toBe(0);
    expect(stdout).toBe(names.map((n) => `${path.join(dir, n)} -> ${bin}\n`).join(''));
  });

  it('links into --dir, spelled either way', async () => {
    const sub = path.join(dir, 'bin');
    mkdirSync(sub);
    for (const args of [['--dir', sub], [`--dir=${sub}`]]) {
      expect((await hyperkube('/opt/hyperkube.js', ['--make-symlinks', ...args])).code).toBe(0);
      expect(readlinkSync(path.join(sub, 'kube-scheduler'))).toBe('/opt/hyperkube.js');
    }
  });

  it.each([[['--dir']], [['--dir=']], [['--dir', '']]])('needs a value for %j', async (args) => {
    expect(await hyperkube('/opt/hyperkube.js', ['--make-symlinks', ...args])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: flag needs an argument: --dir\n',
    });
  });

  it('rejects any other argument', async () => {
    const { code, stderr } = await hyperkube('/opt/hyperkube.js', ['--make-symlinks', '--force']);
    expect(code).toBe(1);
    expect(stderr).toBe('error: unknown argument "--force" for --make-symlinks (expected --dir DIR)\n');
  });

  it('reports a refusal as one error line and exits 1', async () => {
    writeFileSync(path.join(dir, 'kube-apiserver'), '');
    const { code, stdout, stderr } = await hyperkube(path.join(dir, 'hyperkube.js'), ['--make-symlinks']);
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr).toBe(`error: refusing to overwrite ${path.join(dir, 'kube-apiserver')}: not a symlink\n`);
  });
});

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
